//! `site.toml` → a typed [`Config`]. Unknown keys are errors that name the closest valid key.

mod header;
mod pairs;

use indexmap::IndexMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{key_position, toml_diagnostic};
use crate::error::{Diagnostic, Result, Source};
use crate::fs::SiteFiles;
use crate::layout::{SiteFolder, CONFIG_FILE};

/// The whole site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// The site's name, shown in the header and in every document title.
    pub(crate) title: String,
    /// Where the site is published, e.g. `https://example.org/docs/`.
    pub(crate) base_url: String,
    #[serde(default)]
    pub(crate) description: String,
    /// The `lang` of every page.
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// Every warning fails `build` and `check`, as `--strict` does.
    #[serde(default)]
    pub(crate) strict: bool,
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    #[serde(default)]
    pub(crate) highlight: HighlightConfig,
    #[serde(default)]
    pub(crate) theme: ThemeConfig,
    #[serde(default)]
    pub(crate) claims: ClaimsConfig,
    /// `[pairs]`: the "A vs B" pages generated from the matrix.
    #[serde(default)]
    pub(crate) pairs: PairsConfig,
    /// The tools, libraries or products the site compares, by key, in the order declared.
    #[serde(default)]
    pub(crate) contenders: IndexMap<String, Contender>,
    /// Where a page's source can be edited: its path below `content/` is appended, or replaces
    /// `{path}` (see [`Config::edit_url_for`]). Empty: no "Edit this page" link.
    #[serde(default)]
    pub(crate) edit_url: String,
    /// Take each page's "Last updated" date from git history when its front matter has none.
    #[serde(default)]
    pub(crate) updated_from_git: bool,
    /// The text of `site.toml`, to locate warnings about its keys found after loading.
    #[serde(skip)]
    source: Option<Source>,
    #[serde(default)]
    pub(crate) search: SearchConfig,
    /// Extra header links (`[[menu]]`), after the sections, in the order given.
    #[serde(default)]
    pub(crate) menu: Vec<MenuEntry>,
    /// An image in `static/` shown before the title in the header, by its path in the output.
    #[serde(default)]
    pub(crate) logo: Option<toml::Spanned<String>>,
    /// The tab icon, a file in `static/` by its path in the output; the theme's own by default.
    #[serde(default)]
    pub(crate) favicon: Option<toml::Spanned<String>>,
}

pub(crate) use header::MenuEntry;
pub(crate) use pairs::{parse_pair, Pair, PairsConfig};

/// `[markdown]`: how markdown is turned into HTML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct MarkdownConfig {
    /// Curly quotes, en and em dashes, ellipses.
    pub(crate) smart_punctuation: bool,
    /// Add a `#` link to every heading.
    pub(crate) heading_anchors: bool,
    /// The deepest heading level listed in the table of contents (2–6).
    pub(crate) toc_depth: u8,
    /// Open links to other sites in a new tab (with `rel="noopener"`).
    pub(crate) external_links_new_tab: bool,
    /// Soft-wrap long lines in side-by-side panes, where a pane has half the room or less
    /// (a fence's `wrap` / `nowrap` still decides for itself). Single blocks keep their lines.
    pub(crate) wrap_code: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: false,
            heading_anchors: true,
            toc_depth: 3,
            external_links_new_tab: false,
            wrap_code: true,
        }
    }
}

/// `[highlight]`: build-time code highlighting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct HighlightConfig {
    /// The syntect theme used in light mode.
    pub(crate) light_theme: String,
    /// The syntect theme used in dark mode.
    pub(crate) dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        Self { light_theme: "InspiredGitHub".into(), dark_theme: "OneHalfDark".into() }
    }
}

/// `[theme]`: what a site adds to the built-in theme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ThemeConfig {
    /// The site's own stylesheets, by their path in the output (`css/custom.css` is the file
    /// `static/css/custom.css`), linked after the theme's. Spanned, so a bad entry is located.
    pub(crate) extra_css: Vec<toml::Spanned<String>>,
}

impl ThemeConfig {
    /// The `extra_css` paths, in the order given.
    pub(crate) fn extra_css(&self) -> impl Iterator<Item = &str> {
        self.extra_css.iter().map(|css| css.get_ref().as_str())
    }
}

/// `[claims]`: how `matrix.toml`'s claims are checked for freshness (see `compare::matrix`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ClaimsConfig {
    /// A claim verified longer ago than this is stale: a warning at its `verified` date.
    pub(crate) stale_after_days: u32,
    /// Every claim but `n/a` needs at least one source, or gets a warning.
    pub(crate) require_sources: bool,
}

impl Default for ClaimsConfig {
    fn default() -> Self {
        Self { stale_after_days: 365, require_sources: false }
    }
}

/// One of the things a site compares, declared once in `[contenders.<key>]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contender {
    /// The key used in `compare = [...]`; filled in from the table name.
    #[serde(skip_deserializing)]
    pub(crate) key: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) homepage: String,
    #[serde(default)]
    pub(crate) repository: String,
    #[serde(default)]
    pub(crate) version: String,
    #[serde(default)]
    pub(crate) license: String,
    #[serde(default)]
    pub(crate) language: String,
    #[serde(default)]
    pub(crate) summary: String,
    /// schema.org's `applicationCategory` in the page's JSON-LD; `""` means `DeveloperApplication`.
    #[serde(default)]
    pub(crate) category: String,
}

/// `[search]`: the Pagefind index built with the site (see `crate::search`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchConfig {
    /// Build the index and show the search button.
    pub(crate) enabled: bool,
    /// Pages left out of the index: globs or paths of their markdown files below `content/`
    /// (`legal.md`, `drafts/**`) or of their URLs (`changelog/`). Spanned, so a bad entry is located.
    pub(crate) exclude: Vec<toml::Spanned<String>>,
    /// Pages per part of the index: a larger site is indexed in parts that the browser merges,
    /// so that building its index needs the memory of one part only (see `search::indexer`).
    pub(crate) pages_per_index: usize,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true, exclude: Vec::new(), pages_per_index: 2000 }
    }
}

fn default_language() -> String {
    "en".into()
}

impl Config {
    /// Read and validate the site's `site.toml`.
    pub(crate) fn load(files: &SiteFiles) -> Result<Config> {
        let root = files.root();
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(crate::error::Error::Usage(format!(
                "`{}` is not a versa site: it has no site.toml (create one with `versa new DIR`, or pass --root)",
                root.display()
            )));
        }
        let source = crate::error::decode(std::path::Path::new(CONFIG_FILE), files.read(&path)?)?;
        let config = Self::parse(&source)?;
        config.check_files(files, &source)?;
        Ok(config)
    }

    /// Files that site.toml names must exist; each missing one is an error at its name.
    fn check_files(&self, files: &SiteFiles, source: &Source) -> Result<()> {
        let static_dir = SiteFolder::Static.in_site(files.root());
        let missing: Vec<Diagnostic> = self
            .theme
            .extra_css
            .iter()
            .filter(|css| !files.resolve(&static_dir.join(css.get_ref())).is_ok_and(|real| real.is_file()))
            .map(|css| {
                let span = css.span();
                Diagnostic::error(format!(
                    "`extra_css` names `static/{}`, which is not a file of the site",
                    css.get_ref()
                ))
                .at_offset(source, span.start, span.len())
                .help(format!(
                    "extra_css lists stylesheets by their path in the output: `{0}` is the file `static/{0}`",
                    css.get_ref()
                ))
            })
            .chain(self.missing_images(files, &static_dir, source))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(crate::error::Error::Site(missing))
        }
    }

    /// `logo` and `favicon` must name files of `static/`, as `extra_css` does.
    fn missing_images<'s>(
        &'s self,
        files: &'s SiteFiles,
        static_dir: &'s std::path::Path,
        source: &'s Source,
    ) -> impl Iterator<Item = Diagnostic> + 's {
        header::image_keys(self.logo.as_ref(), self.favicon.as_ref())
            .filter(|(_, path)| !files.resolve(&static_dir.join(path.get_ref())).is_ok_and(|real| real.is_file()))
            .map(|(key, path)| {
                Diagnostic::error(format!("`{key}` names `static/{}`, which is not a file of the site", path.get_ref()))
                    .at_offset(source, path.span().start, path.span().len())
                    .help(format!(
                        "`{key}` names an image by its path in the output: `{0}` is the file `static/{0}`",
                        path.get_ref()
                    ))
            })
    }

    /// The `logo` path, if the site has one.
    pub(crate) fn logo(&self) -> Option<&str> {
        self.logo.as_ref().map(|l| l.get_ref().as_str())
    }

    /// The `favicon` path, if the site has one.
    pub(crate) fn favicon(&self) -> Option<&str> {
        self.favicon.as_ref().map(|f| f.get_ref().as_str())
    }

    /// Parse the text of `site.toml`.
    pub(crate) fn parse(source: &Source) -> Result<Config> {
        let mut config: Config = toml::from_str(&source.text).map_err(|e| toml_diagnostic(source, &e))?;
        for (key, contender) in &mut config.contenders {
            contender.key.clone_from(key);
        }
        config.validate(source)?;
        config.source = Some(source.clone());
        Ok(config)
    }

    fn validate(&mut self, source: &Source) -> Result<()> {
        let at_key = |key: &str, message: String, help: &str| {
            let (line, col, width) = key_position(source, 1..source.line_count() + 1, key);
            Diagnostic::error(message).at(source, line, col, width).help(help)
        };
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(at_key(
                "base_url",
                format!("`base_url` must be an absolute http(s) URL, not `{}`", self.base_url),
                "write it like `base_url = \"https://example.org/\"`",
            )
            .into());
        }
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        if !self.edit_url.is_empty() {
            self.check_edit_url(source)?;
        }
        if !(2..=6).contains(&self.markdown.toc_depth) {
            return Err(at_key("toc_depth", "`toc_depth` must be between 2 and 6".into(), "use 3 for h2 and h3").into());
        }
        if self.search.pages_per_index == 0 {
            return Err(at_key(
                "pages_per_index",
                "`pages_per_index` must be at least 1".into(),
                "leave it out for parts of 2000 pages",
            )
            .into());
        }
        let mut problems = header::menu_problems(&self.menu, source);
        for (key, path) in header::image_keys(self.logo.as_ref(), self.favicon.as_ref()) {
            if let Some(problem) = static_path_problem(path.get_ref(), "image") {
                problems.push(
                    Diagnostic::error(format!("`{key}` `{}` {problem}", path.get_ref()))
                        .at_offset(source, path.span().start, path.span().len())
                        .help(format!("name an image in static/ by its path in the output, e.g. `{key} = \"img/{key}.svg\"` for static/img/{key}.svg")),
                );
            }
        }
        if let Err(errors) = self.pairs.resolve(&self.contenders, source) {
            problems.extend(errors);
        }
        if !problems.is_empty() {
            return Err(crate::error::Error::Site(problems));
        }
        for css in &self.theme.extra_css {
            if let Some(problem) = static_path_problem(css.get_ref(), "stylesheet") {
                let span = css.span();
                return Err(Diagnostic::error(format!("`extra_css` entry `{}` {problem}", css.get_ref()))
                    .at_offset(source, span.start, span.len())
                    .help("name a stylesheet in static/ by its path in the output, e.g. `\"css/custom.css\"` for static/css/custom.css")
                    .into());
            }
        }
        for pattern in &self.search.exclude {
            if let Some(problem) = crate::glob::problem(pattern.get_ref()) {
                let span = pattern.span();
                return Err(Diagnostic::error(format!("`exclude` entry `{}` {problem}", pattern.get_ref()))
                    .at_offset(source, span.start, span.len())
                    .help("name pages by their file below content/ or their URL, e.g. `\"legal.md\"`, `\"drafts/**\"` or `\"changelog/\"`")
                    .into());
            }
        }
        for theme in [&self.highlight.light_theme, &self.highlight.dark_theme] {
            if crate::highlight::find_theme(theme).is_none() {
                let names = crate::highlight::theme_names().join("`, `");
                return Err(at_key(
                    if *theme == self.highlight.light_theme { "light_theme" } else { "dark_theme" },
                    format!("unknown highlight theme `{theme}`"),
                    &format!("available themes: `{names}`"),
                )
                .into());
            }
        }
        Ok(())
    }

    /// `edit_url` must be an http(s) URL; without `{path}` the page's path is appended after a `/`.
    fn check_edit_url(&mut self, source: &Source) -> Result<()> {
        let url = &self.edit_url;
        let (line, col, width) = key_position(source, 1..source.line_count() + 1, "edit_url");
        let error = |message: String| Diagnostic::error(message).at(source, line, col, width);
        let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
            return Err(error(format!("`edit_url` must be an http(s) URL, not `{url}`"))
                .help("write it like `edit_url = \"https://github.com/OWNER/REPO/edit/main/content/\"`")
                .into());
        };
        if rest.is_empty() || rest.starts_with('/') || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(error(format!("`edit_url` `{url}` has no host, or has a space in it"))
                .help("write it like `edit_url = \"https://github.com/OWNER/REPO/edit/main/content/\"`")
                .into());
        }
        if !url.contains("{path}") && !url.ends_with('/') {
            self.edit_url.push('/');
        }
        Ok(())
    }

    /// A warning at the line of `site.toml` that sets `key`.
    pub(crate) fn key_warning(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let warning = Diagnostic::warning(message);
        match &self.source {
            Some(source) => {
                let (line, col, width) = key_position(source, 1..source.line_count() + 1, key);
                warning.at(source, line, col, width)
            }
            None => warning.in_file(std::path::Path::new(CONFIG_FILE)),
        }
    }

    /// The "Edit this page" URL of the markdown file at `rel_path` below `content/`, or `""`.
    pub(crate) fn edit_url_for(&self, rel_path: &std::path::Path) -> String {
        if self.edit_url.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = rel_path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let path = crate::html::encode_url_path(&parts.join("/"));
        if self.edit_url.contains("{path}") {
            self.edit_url.replace("{path}", &path)
        } else {
            format!("{}{path}", self.edit_url)
        }
    }

    /// The base URL with a different origin or path, from `--base-url`.
    pub(crate) fn override_base_url(&mut self, url: &str) -> Result<()> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(crate::error::Error::Usage(format!(
                "--base-url must be an absolute http(s) URL such as https://example.org/docs/, not `{url}`"
            )));
        }
        self.base_url = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
        Ok(())
    }

    /// The path part of the base URL, always with leading and trailing slashes: `/` or `/docs/`.
    pub(crate) fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

/// Why an `extra_css`, `logo` or `favicon` entry (a `what`) is not a path inside the output.
fn static_path_problem(path: &str, what: &str) -> Option<String> {
    if path.contains("://") || path.starts_with("//") || path.starts_with("data:") {
        // Pages make no requests to other hosts; a reader's privacy must not depend on a theme.
        return Some(format!("is a URL; versa pages load nothing from other hosts, so save the {what} in static/"));
    }
    if path.is_empty() || path.starts_with('/') || path.contains('\\') {
        return Some("is not a relative path with `/` separators".into());
    }
    if path.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Some("has an empty, `.` or `..` part".into());
    }
    if path.contains(['?', '#']) {
        return Some("has a `?` or `#`; versa adds the version itself".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(&Source::new("site.toml", text.to_string()))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse("title = \"T\"\nbase_url = \"https://example.org/docs\"\n").unwrap();
        assert_eq!(config.base_url, "https://example.org/docs/");
        assert_eq!(config.base_path(), "/docs/");
        assert_eq!(config.language, "en");
        assert_eq!(config.markdown.toc_depth, 3);
    }

    #[test]
    fn contenders_keep_their_declared_order() {
        let config =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[contenders.zed]\nname = \"Z\"\n[contenders.abc]\nname = \"A\"\n")
                .unwrap();
        let keys: Vec<&str> = config.contenders.keys().map(String::as_str).collect();
        assert_eq!(keys, ["zed", "abc"]);
    }

    #[test]
    fn unknown_key_names_line_and_closest_key() {
        let err = parse("title = \"T\"\nbase_url = \"https://e.org/\"\ndescripton = \"x\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("unknown key `descripton`"), "{text}");
        assert!(text.contains("site.toml:3:1"), "{text}");
        assert!(text.contains("did you mean `description`?"), "{text}");
    }

    #[test]
    fn extra_css_must_be_a_path_inside_the_output() {
        let config =
            |css: &str| format!("title = \"T\"\nbase_url = \"https://e.org/\"\n[theme]\nextra_css = [{css}]\n");
        assert_eq!(parse(&config("\"css/a.css\"")).unwrap().theme.extra_css().collect::<Vec<_>>(), ["css/a.css"]);
        for bad in ["https://cdn.example/x.css", "/x.css", "../x.css", "a//b.css", "x.css?v=1", ""] {
            let text = parse(&config(&format!("\"{bad}\""))).unwrap_err().to_string();
            assert!(text.contains("site.toml:4:14"), "{bad}: {text}");
        }
        let text =
            parse("title = \"T\"\nbase_url = \"https://e.org/\"\n[theme]\nextra_ccs = []\n").unwrap_err().to_string();
        assert!(text.contains("did you mean `extra_css`?") && text.contains("site.toml:4:1"), "{text}");
    }
}
