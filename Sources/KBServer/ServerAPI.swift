// PLACEHOLDER: the kb serve issue implements the preview server here.
