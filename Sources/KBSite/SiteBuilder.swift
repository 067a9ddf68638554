// PLACEHOLDER: the Site builder issue implements the build pipeline here.
