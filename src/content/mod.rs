//! Content: `content/` → typed sections, pages and assets with their URLs.
//!
//! 1. Walk `content/` in sorted order, skipping hidden and editor files.
//! 2. Read every markdown file in parallel: UTF-8 check, front matter ([`front_matter`]), and a
//!    title from the opening heading or the file name for a page whose front matter has none
//!    ([`title`]).
//! 3. Folders with `_index.md` become sections; other `.md` files become pages of the nearest
//!    section above them; every other file is an asset, copied beside the pages of its folder.
//!    `.mdx` files (Docusaurus, Starlight) are markdown files exactly like `.md` ones.
//!    Other tools' navigation files ([`nav_files`]) fill in weights and navigation titles, a
//!    Docusaurus `_category_.json` or an mdBook part makes its folder a section, and mdBook's
//!    `SUMMARY.md` is read as the table of contents, not built as a page.
//! 4. Drop drafts unless asked for, give everything a URL, reject two files with one URL, and
//!    sort each section's pages by weight, then date (newest first), then title.

mod body;
mod foreign;
pub(crate) mod front_matter;
mod ignored;
pub(crate) mod nav_files;
mod patch;
mod segment;
pub(crate) mod tags;
mod title;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Result, Source};
use crate::fs::SiteFiles;
use crate::layout::SiteFolder;
use crate::slug::slugify;
pub(crate) use front_matter::{FrontMatter, Parsed};
pub(crate) use ignored::is_ignored_file_name;

/// One markdown file: its text, its front matter and where its body starts.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The text, with the path shown in messages (`content/criteria/async.md`). Shared: a
    /// structural rebuild under `serve` copies every document it keeps.
    pub(crate) source: std::sync::Arc<Source>,
    pub(crate) parsed: Parsed,
    /// The path relative to `content/`.
    pub(crate) rel_path: PathBuf,
    /// The title is the heading the body opens with. The theme shows the title as the page's
    /// `<h1>`, so the body leaves that heading out (keeping its id for links).
    pub(crate) title_from_heading: bool,
    /// The text holds only the front matter: the body is read again to render (see `content::body`).
    body_released: bool,
}

impl Document {
    /// The front matter.
    pub(crate) fn front(&self) -> &FrontMatter {
        &self.parsed.front
    }

    /// The title shown in the navigation and breadcrumbs: `nav_title`, else `title`.
    pub(crate) fn nav_title(&self) -> &str {
        self.front().nav_title.as_deref().unwrap_or(&self.front().title)
    }

    /// The markdown after the front matter (of a document [`Document::with_body`] gave).
    pub(crate) fn body(&self) -> &str {
        debug_assert!(!self.body_released, "the body of {} was let go", self.rel_path.display());
        &self.source.text[self.parsed.body_offset..]
    }

    /// An error pointing at the front-matter line that sets `key`.
    pub(crate) fn key_error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col, width) = front_matter::key_position(&self.source, &self.parsed, key);
        Diagnostic::error(message).at(&self.source, line, col, width)
    }
}

/// A page: a markdown file other than `_index.md`.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) doc: Document,
    /// The URL path below the site root, with a trailing slash: `criteria/async/`.
    pub(crate) url: String,
    /// The section that lists this page.
    pub(crate) section: usize,
}

/// A section: a folder with an `_index.md` (the root section may have none).
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) doc: Option<Document>,
    /// The URL path below the site root: `criteria/`, or empty for the home page.
    pub(crate) url: String,
    pub(crate) parent: Option<usize>,
    /// Pages in display order.
    pub(crate) pages: Vec<usize>,
    /// Subsections in display order.
    pub(crate) subsections: Vec<usize>,
}

/// A non-markdown file under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Where the file is on disk.
    pub(crate) path: PathBuf,
    /// The output path below the site root.
    pub(crate) url: String,
}

/// What a file under `content/` became, for resolving links written as file paths.
/// Ordered sections first, then pages, then assets: the order an incremental rebuild renders in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Target {
    Section(usize),
    Page(usize),
    Asset(usize),
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    pub(crate) sections: Vec<Section>,
    pub(crate) pages: Vec<Page>,
    pub(crate) assets: Vec<Asset>,
    /// Every file by its path relative to `content/`.
    pub(crate) by_path: HashMap<PathBuf, Target>,
    /// Draft markdown files left out of the build, relative to `content/`.
    pub(crate) drafts: std::collections::HashSet<PathBuf>,
    /// The pages' tags, by slug.
    pub(crate) tags: Vec<tags::Tag>,
    /// What other tools' navigation files say, applied again to a page re-read by `serve`.
    pub(crate) nav: nav_files::NavFiles,
    /// With `[pairs]`, the markdown files of `content/vs/`: a writer's words for the generated
    /// "A vs B" pages and their hub, not pages of their own (see `site::pairs`).
    pub(crate) pair_notes: Vec<Document>,
}

/// The folder whose markdown files add to the generated pair pages instead of being pages.
pub(crate) const PAIR_NOTES_FOLDER: &str = "vs";

/// Read the site's `content/`, keeping every file that could be read next to the problems of
/// those that could not, so later checks still see the good files and a build reports every
/// error at once. `site_title` is the home page's title when its `_index.md` has none.
///
/// With `pair_notes`, the markdown files directly in `content/vs/` are set aside as
/// [`Content::pair_notes`] instead.
pub(crate) fn load_partial(
    files: &SiteFiles,
    drafts: bool,
    site_title: &str,
    pair_notes: bool,
) -> Result<(Content, Vec<Diagnostic>)> {
    let content_dir = SiteFolder::Content.in_site(files.root());
    if !content_dir.is_dir() {
        return Ok((Content { sections: vec![root_section(None)], ..Content::default() }, Vec::new()));
    }
    let (walked, mut diagnostics) = files.walk(&content_dir, |name| !is_ignored_file_name(name));
    let (markdown, others): (Vec<PathBuf>, Vec<PathBuf>) = walked.into_iter().partition(|p| is_markdown(p));

    let read: Vec<Result<Document, Diagnostic>> =
        markdown.par_iter().map(|path| read_document(files, &content_dir, path, site_title)).collect();
    let mut documents = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(doc) => documents.push(doc),
            Err(d) => diagnostics.push(d),
        }
    }
    let nav = nav_files::load(files, &content_dir, &others, &mut documents);
    for doc in &mut documents {
        nav.apply(doc);
    }
    let mut content = from_files(documents, others, &content_dir, (drafts, pair_notes), &mut diagnostics);
    content.nav = nav;
    Ok((content, diagnostics))
}

/// The site's content from its markdown files, read, and its other files (both sorted by path,
/// as the walk finds them): drafts left out unless `drafts`, with `pair_notes` the notes of
/// `content/vs/` set aside, the section tree, URLs, tags and assets. `versa serve` calls it
/// again with the documents it kept when files come and go.
pub(crate) fn from_files(
    mut documents: Vec<Document>,
    others: Vec<PathBuf>,
    content_dir: &Path,
    (drafts, pair_notes): (bool, bool),
    diagnostics: &mut Vec<Diagnostic>,
) -> Content {
    let mut drafts_left_out = std::collections::HashSet::new();
    if !drafts {
        // A draft section takes its pages and subsections with it.
        let draft_dirs: Vec<PathBuf> = documents
            .iter()
            .filter(|d| d.front().draft && is_section_index(&d.rel_path))
            .map(|d| d.rel_path.parent().unwrap_or(Path::new("")).to_path_buf())
            .collect();
        let (kept, left_out): (Vec<Document>, Vec<Document>) = documents
            .into_iter()
            .partition(|d| !d.front().draft && !draft_dirs.iter().any(|dir| d.rel_path.starts_with(dir)));
        documents = kept;
        drafts_left_out.extend(left_out.into_iter().map(|d| d.rel_path));
    }
    let notes = if pair_notes {
        let (notes, rest): (Vec<Document>, Vec<Document>) =
            documents.into_iter().partition(|d| d.rel_path.parent() == Some(Path::new(PAIR_NOTES_FOLDER)));
        documents = rest;
        notes
    } else {
        Vec::new()
    };
    let mut content = assemble(documents, diagnostics);
    content.pair_notes = notes;
    content.drafts = drafts_left_out;
    content.tags = tags::collect(&content);
    for path in others {
        let rel = path.strip_prefix(content_dir).unwrap_or(&path).to_path_buf();
        if nav_files::is_read_not_published(&rel) {
            continue;
        }
        let dir = rel.parent().unwrap_or(Path::new(""));
        let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let url = format!("{}{name}", content.folder_url(dir));
        content.by_path.insert(rel, Target::Asset(content.assets.len()));
        content.assets.push(Asset { path, url });
    }
    check_duplicate_urls(&content, diagnostics);
    content
}

/// Read one markdown file; a page without a title gets one (see [`title`]).
pub(crate) fn read_document(
    files: &SiteFiles,
    content_dir: &Path,
    path: &Path,
    site_title: &str,
) -> Result<Document, Diagnostic> {
    let rel = path.strip_prefix(content_dir).unwrap_or(path).to_path_buf();
    let shown = SiteFolder::Content.shown(&rel);
    let bytes = files.read(path)?;
    let source = crate::error::decode(&shown, bytes)?;
    let mut parsed = front_matter::parse(&source)?;
    let heading = title::opening_heading(&source.text[parsed.body_offset..]);
    // A page that opens with its title as a heading, as MkDocs and Docusaurus pages with a
    // `title` key often do, shows it once.
    let mut title_from_heading = heading.as_deref().is_some_and(|h| h == parsed.front.title.trim());
    if parsed.front.title.trim().is_empty() {
        title_from_heading = heading.is_some();
        parsed.front.title = heading.unwrap_or_else(|| title::from_file_name(&rel, site_title));
    }
    if crate::highlight::has_code_to_highlight(&source.text[parsed.body_offset..]) {
        crate::highlight::preload();
    }
    Ok(Document { source: source.into(), parsed, rel_path: rel, title_from_heading, body_released: false })
}

/// The file names that make a folder a section: versa's, and Docusaurus's category files (for a
/// folder without `_index.md`, see [`nav_files`]).
const SECTION_INDEXES: [&str; 5] = ["_index.md", "_index.mdx", "_category_.json", "_category_.yml", "_category_.yaml"];

/// A markdown file: `.md`, or `.mdx` as Docusaurus and Starlight write them (their `import`
/// lines and components are warnings, see `markdown::foreign`).
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md" || e == "mdx")
}

/// A section's own file: `_index.md`, `_index.mdx`, or a category file standing in for one.
pub(crate) fn is_section_index(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| SECTION_INDEXES.contains(&n))
}

fn root_section(doc: Option<Document>) -> Section {
    Section { doc, url: String::new(), parent: None, pages: Vec::new(), subsections: Vec::new() }
}

/// Build the section tree from the documents (which arrive sorted by path).
fn assemble(documents: Vec<Document>, diagnostics: &mut Vec<Diagnostic>) -> Content {
    let mut content = Content::default();
    // The tag pages live in `tags/` at the top, when any page has a tag that gets one.
    let tagged = documents.iter().any(|d| !is_section_index(&d.rel_path) && has_tag_page(d));
    let top_names = Reserved { tagged };
    let (indexes, pages): (Vec<Document>, Vec<Document>) =
        documents.into_iter().partition(|d| is_section_index(&d.rel_path));

    // Sections first, parents before children (sorted paths put `a/_index.md` before `a/b/…`).
    let mut indexes: Vec<Document> = indexes;
    indexes.sort_by_key(|d| d.rel_path.components().count());
    let mut section_dirs: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let root_doc = indexes.iter().position(|d| d.rel_path.components().count() == 1).map(|i| indexes.remove(i));
    if let Some(doc) = &root_doc {
        content.by_path.insert(doc.rel_path.clone(), Target::Section(0));
    }
    content.sections.push(root_section(root_doc));
    content.by_path.insert(PathBuf::from("_index.md"), Target::Section(0));
    section_dirs.insert(PathBuf::new(), 0);
    for doc in indexes {
        let dir = doc.rel_path.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(first) = content.sections.get(section_dirs.get(&dir).copied().unwrap_or(usize::MAX)) {
            // `_index.md` beside `_index.mdx`: one folder, one section.
            if first.doc.as_ref().is_some_and(|d| d.rel_path.parent() == Some(dir.as_path())) {
                diagnostics.push(same_url(
                    &first.doc.as_ref().expect("checked").source.path,
                    &doc.source.path,
                    &first.url,
                ));
                continue;
            }
        }
        let parent = nearest_section(&section_dirs, dir.parent().unwrap_or(Path::new("")));
        let folder = content.folder_url(dir.parent().unwrap_or(Path::new("")));
        let name = match &doc.front().slug {
            Some(slug) => slug.clone(),
            None => slugify(&dir.file_name().unwrap_or_default().to_string_lossy()),
        };
        if let Err(d) = check_name(&doc, &name, folder.is_empty().then_some(top_names)) {
            // Its pages still load (under the parent's URL) so their own errors are reported too.
            diagnostics.push(d);
            section_dirs.insert(dir, parent);
            continue;
        }
        let id = content.sections.len();
        content.by_path.insert(doc.rel_path.clone(), Target::Section(id));
        content.sections.push(Section {
            doc: Some(doc),
            url: format!("{folder}{name}/"),
            parent: Some(parent),
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        content.sections[parent].subsections.push(id);
        section_dirs.insert(dir, id);
    }

    for doc in pages {
        let url = match content.page_url(&doc, top_names) {
            Ok(url) => url,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let section = nearest_section(&section_dirs, doc.rel_path.parent().unwrap_or(Path::new("")));
        let id = content.pages.len();
        content.by_path.insert(doc.rel_path.clone(), Target::Page(id));
        content.pages.push(Page { doc, url, section });
        content.sections[section].pages.push(id);
    }

    sort_listings(&mut content);
    content
}

/// Put every section's pages and subsections in display order (see [`order`]).
fn sort_listings(content: &mut Content) {
    for section in 0..content.sections.len() {
        content.sort_pages(section);
        content.sort_subsections(section);
    }
}

/// What the site itself uses at its top level, besides [`segment::RESERVED_AT_TOP`].
#[derive(Clone, Copy)]
struct Reserved {
    /// Some page has a tag, so `tags/` holds the tag pages.
    tagged: bool,
}

/// The last URL segment of a page or section must be safe (see [`segment`]); the error points
/// at the `slug` that chose it, or at the file whose name did. `top` is `Some` at the top level.
fn check_name(doc: &Document, name: &str, top: Option<Reserved>) -> Result<(), Diagnostic> {
    let tags_taken = top.is_some_and(|r| r.tagged) && name.eq_ignore_ascii_case(tags::TAGS_FOLDER);
    let problem = match segment::problem(name, top.is_some()) {
        Some(problem) => problem,
        None if tags_taken => {
            "is a name versa uses at the top of the site, for the tag pages (pages here have tags)".into()
        }
        None => return Ok(()),
    };
    const HELP: &str = "a slug is one URL segment of letters, digits, dashes, dots and underscores, \
                        such as `slug = \"my-page\"`";
    Err(match &doc.front().slug {
        Some(slug) => doc.key_error("slug", format!("the slug {slug:?} {problem}")).help(HELP),
        None if name.is_empty() => doc.key_error("title", "this page has no usable URL slug").help(HELP),
        None => Diagnostic::error(format!("the URL name `{name}`, made from the file's name, {problem}"))
            .in_file(&doc.source.path)
            .help(format!("rename the file, or set a slug in its front matter: {HELP}")),
    })
}

/// Weight (unweighted last), then date (newest first, undated last), then title.
pub(crate) fn order(a: &Document, b: &Document) -> std::cmp::Ordering {
    let (a, b) = (a.front(), b.front());
    let weight = |w: Option<i64>| (w.is_none(), w.unwrap_or(0));
    weight(a.weight)
        .cmp(&weight(b.weight))
        .then_with(|| b.date.is_some().cmp(&a.date.is_some()))
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.title.cmp(&b.title))
}

fn nearest_section(section_dirs: &BTreeMap<PathBuf, usize>, dir: &Path) -> usize {
    dir.ancestors().find_map(|d| section_dirs.get(d).copied()).unwrap_or(0)
}

/// The page has a tag that gets a tag page, so `tags/` at the top is taken.
fn has_tag_page(doc: &Document) -> bool {
    doc.front().tags.iter().any(|t| tags::slug_problem(t).is_none())
}

impl Content {
    /// Sort a section's pages into display order (see [`order`]); their URLs break ties.
    pub(crate) fn sort_pages(&mut self, section: usize) {
        let pages = &self.pages;
        let mut listed = std::mem::take(&mut self.sections[section].pages);
        listed.sort_by(|&a, &b| order(&pages[a].doc, &pages[b].doc).then_with(|| pages[a].url.cmp(&pages[b].url)));
        self.sections[section].pages = listed;
    }

    /// Sort a section's subsections into display order; a folder without `_index.md` sorts by URL.
    pub(crate) fn sort_subsections(&mut self, section: usize) {
        let mut listed = std::mem::take(&mut self.sections[section].subsections);
        let sections = &self.sections;
        listed.sort_by(|&a, &b| {
            match (&sections[a].doc, &sections[b].doc) {
                (Some(x), Some(y)) => order(x, y),
                _ => std::cmp::Ordering::Equal,
            }
            .then_with(|| sections[a].url.cmp(&sections[b].url))
        });
        self.sections[section].subsections = listed;
    }

    /// A page's URL path: its folder's, then its slug or its file's name (none for `index.md`).
    fn page_url(&self, doc: &Document, top_names: Reserved) -> Result<String, Diagnostic> {
        let dir = doc.rel_path.parent().unwrap_or(Path::new(""));
        let stem = doc.rel_path.file_stem().unwrap_or_default().to_string_lossy();
        let folder = self.folder_url(dir);
        if stem == "index" && doc.front().slug.is_none() {
            return Ok(folder);
        }
        let name = doc.front().slug.clone().unwrap_or_else(|| slugify(&stem));
        check_name(doc, &name, folder.is_empty().then_some(top_names))?;
        Ok(format!("{folder}{name}/"))
    }

    /// The URL path of a folder below `content/`: its section's URL when it is one, else its
    /// parent's URL plus its own slugified name.
    pub(crate) fn folder_url(&self, dir: &Path) -> String {
        if dir.as_os_str().is_empty() {
            return String::new();
        }
        for index in SECTION_INDEXES {
            if let Some(Target::Section(id)) = self.by_path.get(&dir.join(index)) {
                return self.sections[*id].url.clone();
            }
        }
        let parent = self.folder_url(dir.parent().unwrap_or(Path::new("")));
        format!("{parent}{}/", slugify(&dir.file_name().unwrap_or_default().to_string_lossy()))
    }

    /// The document of a section or page, if it has one.
    pub(crate) fn document(&self, target: Target) -> Option<&Document> {
        match target {
            Target::Page(id) => Some(&self.pages[id].doc),
            Target::Section(id) => self.sections[id].doc.as_ref(),
            Target::Asset(_) => None,
        }
    }

    /// The URL path (below the root) of the page a note of `content/vs/` adds to: `vs/a-vs-b.md`
    /// is read into `/a-vs-b/`, `vs/_index.md` into the hub, `/vs/`. (A note naming no
    /// generated pair is reported when the pairs are loaded.)
    pub(crate) fn pair_note_url(&self, rel: &Path) -> Option<String> {
        // Asked for every internal link of every page: most are not in `vs/`.
        if rel.parent() != Some(Path::new(PAIR_NOTES_FOLDER)) {
            return None;
        }
        let note = self.pair_notes.iter().find(|d| d.rel_path == rel)?;
        match note.rel_path.file_stem()?.to_str()? {
            "_index" => Some(format!("{PAIR_NOTES_FOLDER}/")),
            key => Some(format!("{key}/")),
        }
    }

    /// The URL path of a section or page.
    pub(crate) fn url(&self, target: Target) -> &str {
        match target {
            Target::Page(id) => &self.pages[id].url,
            Target::Section(id) => &self.sections[id].url,
            Target::Asset(id) => &self.assets[id].url,
        }
    }
}

fn check_duplicate_urls(content: &Content, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    let documents = content
        .sections
        .iter()
        .filter_map(|s| s.doc.as_ref().map(|d| (s.url.as_str(), d.source.path.as_path())))
        .chain(content.pages.iter().map(|p| (p.url.as_str(), p.doc.source.path.as_path())));
    for (url, path) in documents {
        if let Some(first) = seen.insert(url, path) {
            diagnostics.push(same_url(first, path, url));
        }
    }
}

fn same_url(first: &Path, second: &Path, url: &str) -> Diagnostic {
    Diagnostic::error(format!("`{}` and `{}` both map to the URL /{url}", first.display(), second.display()))
        .in_file(second)
        .help("rename one of the files or give one of them a different `slug`")
}
