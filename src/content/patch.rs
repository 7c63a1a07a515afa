//! Pages added, removed or replaced in place, for `versa serve`: the content comes out as
//! [`super::from_files`] would assemble it from the same files, without assembling it again.
//!
//! 1. [`Content::patch_pages`] checks that the change is one of pages only: no section index,
//!    no draft in or out, every page going away is one the site has, every page coming gets a
//!    URL no other document has, and the tag pages keep or lack the `tags/` name as before.
//!    Anything else is handed back for a full assembly.
//! 2. It then merges the pages coming into the pages kept by path (the order a full load
//!    numbers them in), renumbers every id the content holds (section listings, `by_path`, tags),
//!    and sorts again the listings of the sections that gained or lost a page.
//! 3. What it returns says how each old id was renumbered, and holds what puts the content back
//!    ([`PageUndo`]) should rendering the change fail.

use std::collections::BTreeSet;
use std::path::Path;

use super::{has_tag_page, is_section_index, tags, Content, Document, Page, Reserved, Target, SECTION_INDEXES};

/// What [`Content::patch_pages`] changed.
pub(crate) struct Patched {
    /// For each page id before, its id after; `None` for a page removed or replaced.
    pub(crate) renumbered: Vec<Option<usize>>,
    /// The sections that gained or lost a page.
    pub(crate) sections: BTreeSet<usize>,
    pub(crate) undo: PageUndo,
}

/// The pages taken out and the ids of those put in: applied, they put the content back.
pub(crate) struct PageUndo {
    pages: Vec<Page>,
    added: BTreeSet<usize>,
}

impl Content {
    /// Put the pages `read` in (new, or replacing the page at the same path) and take the pages
    /// at `gone` (paths below `content/`) out; `drafts` as the build has it. The documents come
    /// back untouched when the change is more than pages (see the module's comment).
    pub(crate) fn patch_pages(
        &mut self,
        read: Vec<Document>,
        gone: &BTreeSet<std::path::PathBuf>,
        drafts: bool,
    ) -> Result<Patched, Vec<Document>> {
        let Some(removed) = self.removable(&read, gone) else { return Err(read) };
        let keeps_tags = removed.iter().all(|&id| !has_tag_page(&self.pages[id].doc));
        let tagged_after = read.iter().any(has_tag_page)
            || if keeps_tags {
                !self.tags.is_empty()
            } else {
                self.pages.iter().enumerate().any(|(id, p)| !removed.contains(&id) && has_tag_page(&p.doc))
            };
        // The first tag page, or the last, frees or takes the name `tags` at the top.
        if tagged_after == self.tags.is_empty() {
            return Err(read);
        }
        let top_names = Reserved { tagged: tagged_after };
        let mut incoming = Vec::with_capacity(read.len());
        for doc in &read {
            if is_section_index(&doc.rel_path) || (doc.front().draft && !drafts) {
                return Err(read);
            }
            let Ok(url) = self.page_url(doc, top_names) else { return Err(read) };
            incoming.push((url, self.section_holding(doc.rel_path.parent().unwrap_or(Path::new("")))));
        }
        if !self.urls_free(incoming.iter().map(|(url, _)| url.as_str()), &removed) {
            return Err(read);
        }
        let pages = read.into_iter().zip(incoming).map(|(doc, (url, section))| Page { doc, url, section }).collect();
        Ok(self.apply(pages, &removed))
    }

    /// Put back what [`Content::patch_pages`] changed.
    pub(crate) fn undo_pages(&mut self, undo: PageUndo) {
        self.apply(undo.pages, &undo.added);
    }

    /// The ids of the pages the change takes out (those gone and those read again), or `None`
    /// when a path gone is not a page of the site or a path read is a section or an asset.
    fn removable(&self, read: &[Document], gone: &BTreeSet<std::path::PathBuf>) -> Option<BTreeSet<usize>> {
        let mut removed = BTreeSet::new();
        for path in gone {
            let Some(Target::Page(id)) = self.by_path.get(path) else { return None };
            removed.insert(*id);
        }
        for doc in read {
            match self.by_path.get(&doc.rel_path) {
                Some(Target::Page(id)) => {
                    removed.insert(*id);
                }
                Some(_) => return None,
                None if self.drafts.contains(&doc.rel_path) => return None,
                None => {}
            }
        }
        Some(removed)
    }

    /// No section, no page kept and no other page coming has any of these URLs.
    fn urls_free<'a>(&self, urls: impl Iterator<Item = &'a str>, removed: &BTreeSet<usize>) -> bool {
        let mut coming = std::collections::HashSet::new();
        if !urls.into_iter().all(|url| coming.insert(url)) {
            return false;
        }
        let kept = self.pages.iter().enumerate().filter(|(id, _)| !removed.contains(id)).map(|(_, p)| p.url.as_str());
        !self.sections.iter().map(|s| s.url.as_str()).chain(kept).any(|url| coming.contains(url))
    }

    /// The section that lists the pages of a folder: the nearest one at or above it.
    pub(crate) fn section_holding(&self, dir: &Path) -> usize {
        for dir in dir.ancestors() {
            for index in SECTION_INDEXES {
                if let Some(Target::Section(id)) = self.by_path.get(&dir.join(index)) {
                    return *id;
                }
            }
        }
        0
    }

    /// Take the pages `removed` out and put `incoming` in, keeping every id in step. In place:
    /// a large site's pages are megabytes, and a fresh copy of them costs more than the rest of
    /// a structural rebuild.
    fn apply(&mut self, mut incoming: Vec<Page>, removed: &BTreeSet<usize>) -> Patched {
        incoming.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
        let retag = incoming.iter().any(|p| has_tag_page(&p.doc))
            || removed.iter().any(|&id| has_tag_page(&self.pages[id].doc));
        debug_assert!(self.pages.windows(2).all(|w| w[0].doc.rel_path < w[1].doc.rel_path), "pages are in path order");
        let old_count = self.pages.len();
        let mut sections = BTreeSet::new();
        let mut taken = Vec::with_capacity(removed.len());
        for &id in removed.iter().rev() {
            let page = self.pages.remove(id);
            self.by_path.remove(&page.doc.rel_path);
            sections.insert(page.section);
            taken.push(page);
        }
        // In path order, each lands after the ones before it: their ids stay as they are.
        let mut added = BTreeSet::new();
        for new in incoming {
            let at = self.pages.partition_point(|p| p.doc.rel_path < new.doc.rel_path);
            self.pages.insert(at, new);
            added.insert(at);
        }
        // The pages kept fill the places the new ones left, in their old order.
        let mut next = 0;
        let renumbered: Vec<Option<usize>> = (0..old_count)
            .map(|id| {
                if removed.contains(&id) {
                    return None;
                }
                while added.contains(&next) {
                    next += 1;
                }
                next += 1;
                Some(next - 1)
            })
            .collect();
        let renumber = |id: &usize| renumbered[*id];
        for section in &mut self.sections {
            section.pages = section.pages.iter().filter_map(renumber).collect();
        }
        for target in self.by_path.values_mut() {
            if let Target::Page(id) = target {
                // Removed pages' paths are gone from `by_path` already.
                *id = renumbered[*id].unwrap_or(*id);
            }
        }
        for &id in &added {
            let page = &self.pages[id];
            self.by_path.insert(page.doc.rel_path.clone(), Target::Page(id));
            self.sections[page.section].pages.push(id);
            sections.insert(page.section);
        }
        for &section in &sections {
            self.sort_pages(section);
        }
        if retag {
            self.tags = tags::collect(self);
        } else {
            for tag in &mut self.tags {
                tag.pages = tag.pages.iter().filter_map(renumber).collect();
            }
        }
        Patched { renumbered, sections, undo: PageUndo { pages: taken, added } }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::fs::SiteFiles;

    struct Site {
        dir: tempfile::TempDir,
    }

    impl Site {
        fn new(files: &[(&str, &str)]) -> Site {
            let site = Site { dir: tempfile::tempdir().unwrap() };
            for (path, text) in files {
                site.write(path, text);
            }
            site
        }

        fn write(&self, path: &str, text: &str) {
            let path = self.dir.path().join("content").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        fn load(&self) -> Content {
            let (content, problems) =
                super::super::load_partial(&SiteFiles::new(self.dir.path()), false, "T", false).unwrap();
            assert!(problems.is_empty(), "{problems:?}");
            content
        }

        fn read(&self, path: &str) -> Document {
            let files = SiteFiles::new(self.dir.path());
            let content_dir = self.dir.path().join("content");
            super::super::read_document(&files, &content_dir, &content_dir.join(path), "T").unwrap()
        }
    }

    /// Everything of a content that its ids and order show.
    fn shape(content: &Content) -> String {
        let pages: Vec<_> = content.pages.iter().map(|p| (&p.doc.rel_path, &p.url, p.section)).collect();
        let sections: Vec<_> = content.sections.iter().map(|s| (&s.url, &s.pages, &s.subsections)).collect();
        let mut by_path: Vec<_> = content.by_path.iter().collect();
        by_path.sort();
        format!("{pages:?}\n{sections:?}\n{by_path:?}\n{:?}", content.tags)
    }

    const FILES: &[(&str, &str)] = &[
        ("_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        ("a.md", "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\n"),
        ("guides/_index.md", "+++\ntitle = \"Guides\"\n+++\n"),
        ("guides/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\n"),
        ("guides/d.md", "+++\ntitle = \"D\"\nweight = 1\ntags = [\"x\"]\n+++\n"),
        ("guides/deep/e.md", "+++\ntitle = \"E\"\n+++\n"),
        ("z.md", "+++\ntitle = \"Z\"\n+++\n"),
    ];

    #[test]
    fn pages_patched_in_place_are_the_content_a_full_load_assembles() {
        let site = Site::new(FILES);
        let mut content = site.load();
        let before = shape(&content);
        // Add two pages (one tagged, one in a folder without a section), replace one with a new
        // weight, take one away.
        site.write("guides/c.md", "+++\ntitle = \"C\"\nweight = 1\ntags = [\"y\"]\n+++\n");
        site.write("guides/deep/f.md", "+++\ntitle = \"F\"\n+++\n");
        site.write("guides/b.md", "+++\ntitle = \"B\"\nweight = 0\n+++\n");
        std::fs::remove_file(site.dir.path().join("content/z.md")).unwrap();
        let read = ["guides/c.md", "guides/deep/f.md", "guides/b.md"].map(|p| site.read(p)).to_vec();
        let gone = BTreeSet::from([PathBuf::from("z.md")]);
        let patched = content.patch_pages(read, &gone, false).unwrap_or_else(|_| panic!("pages only"));
        assert_eq!(shape(&content), shape(&site.load()));
        let renumbered: Vec<Option<usize>> = patched.renumbered.clone();
        // a, guides/b (replaced), guides/d, guides/deep/e, z (gone) → a, guides/d, guides/deep/e.
        assert_eq!(renumbered, [Some(0), None, Some(3), Some(4), None]);
        assert_eq!(patched.sections, BTreeSet::from([0, 1]));
        content.undo_pages(patched.undo);
        assert_eq!(shape(&content), before, "undone, the content is as it was");
    }

    #[test]
    fn more_than_pages_is_handed_back() {
        let site = Site::new(FILES);
        let mut content = site.load();
        let before = shape(&content);
        let refused = |content: &mut Content, docs: Vec<Document>, gone: &[&str]| {
            let gone = gone.iter().map(PathBuf::from).collect();
            content.patch_pages(docs, &gone, false).is_err()
        };
        site.write("new/_index.md", "+++\ntitle = \"New\"\n+++\n");
        assert!(refused(&mut content, vec![site.read("new/_index.md")], &[]), "a section index");
        site.write("guides/clash.md", "+++\ntitle = \"Clash\"\nslug = \"b\"\n+++\n");
        assert!(refused(&mut content, vec![site.read("guides/clash.md")], &[]), "a URL another page has");
        site.write("guides/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\n");
        assert!(refused(&mut content, vec![site.read("guides/draft.md")], &[]), "a draft");
        assert!(refused(&mut content, Vec::new(), &["nowhere.md"]), "a page the site lacks");
        assert!(refused(&mut content, Vec::new(), &["a.md", "guides/d.md"]), "the last tagged pages");
        assert_eq!(shape(&content), before, "nothing changed");
    }
}
