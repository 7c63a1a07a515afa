//! The sidebar: every section and page, in display order, as one flat list of rows
//! ([`SidebarItem`]). Built once per build without any page marked; [`mark`] marks one page's.

use super::Shown;
use crate::content::Document;
use crate::render::context::SidebarItem;

impl Shown<'_> {
    /// The whole tree, nothing current: the top level in the header's order (by weight), then
    /// each section's own page, its pages and its subsections.
    pub(in crate::site) fn sidebar(&self) -> Vec<SidebarItem> {
        let content = &self.site.content;
        let root = &content.sections[0];
        let mut top: Vec<(Option<i64>, Entry)> = Vec::new();
        for &id in &root.subsections {
            let weight = content.sections[id].doc.as_ref().and_then(|d| d.front().weight);
            top.push((weight, Entry::Section(id)));
        }
        for &id in &root.pages {
            top.push((content.pages[id].doc.front().weight, Entry::Page(id)));
        }
        // Stable, as the header's: unweighted entries keep their place after the weighted ones.
        top.sort_by_key(|(weight, _)| (weight.is_none(), weight.unwrap_or(0)));
        let mut items = Vec::new();
        for (_, entry) in top {
            match entry {
                Entry::Section(id) => self.group(id, 0, &mut items),
                Entry::Page(id) => items.push(self.page_link(id, 0)),
            }
        }
        items
    }

    /// A section's group and everything below it.
    fn group(&self, id: usize, depth: usize, items: &mut Vec<SidebarItem>) {
        let content = &self.site.content;
        let section = &content.sections[id];
        let url = format!("{}{}", self.base_path, section.url);
        let title = section.doc.as_ref().map_or_else(|| folder_name(&section.url), |d| d.nav_title().to_string());
        items.push(SidebarItem::Group { title, url: url.clone(), open: false, depth });
        if let Some(doc) = &section.doc {
            items.push(SidebarItem::Link { title: doc.front().title.clone(), url, current: false, depth: depth + 1 });
        }
        for &page in &section.pages {
            items.push(self.page_link(page, depth + 1));
        }
        for &sub in &section.subsections {
            self.group(sub, depth + 1, items);
        }
        items.push(SidebarItem::End);
    }

    fn page_link(&self, id: usize, depth: usize) -> SidebarItem {
        let page = &self.site.content.pages[id];
        let title = Document::nav_title(&page.doc).to_string();
        SidebarItem::Link { title, url: format!("{}{}", self.base_path, page.url), current: false, depth }
    }
}

enum Entry {
    Section(usize),
    Page(usize),
}

/// A folder without `_index.md` is named by its folder: `guides/` → `guides`.
fn folder_name(url: &str) -> String {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url).to_string()
}

/// The tree as the page at `url` shows it: its link current, the groups around it open.
pub(in crate::site) fn mark(mut items: Vec<SidebarItem>, url: &str) -> Vec<SidebarItem> {
    let Some(at) = items.iter().position(|item| matches!(item, SidebarItem::Link { url: u, .. } if u == url)) else {
        return items;
    };
    if let SidebarItem::Link { current, .. } = &mut items[at] {
        *current = true;
    }
    // Walking back from the current link, a group not closed since is one it is inside.
    let mut unclosed = 0usize;
    for item in items[..at].iter_mut().rev() {
        match item {
            SidebarItem::End => unclosed += 1,
            SidebarItem::Group { open, .. } if unclosed == 0 => *open = true,
            SidebarItem::Group { .. } => unclosed -= 1,
            SidebarItem::Link { .. } => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> SidebarItem {
        SidebarItem::Link { title: url.into(), url: url.into(), current: false, depth: 0 }
    }

    fn group(url: &str) -> SidebarItem {
        SidebarItem::Group { title: url.into(), url: url.into(), open: false, depth: 0 }
    }

    #[test]
    fn marking_opens_only_the_groups_around_the_current_page() {
        let tree = vec![
            group("/a/"),
            link("/a/"),
            group("/a/b/"),
            link("/a/b/x/"),
            SidebarItem::End,
            link("/a/y/"),
            SidebarItem::End,
            group("/c/"),
            link("/c/z/"),
            SidebarItem::End,
        ];
        let marked = mark(tree.clone(), "/a/y/");
        let open: Vec<bool> = marked
            .iter()
            .filter_map(|i| if let SidebarItem::Group { open, .. } = i { Some(*open) } else { None })
            .collect();
        assert_eq!(open, [true, false, false]);
        assert!(matches!(&marked[5], SidebarItem::Link { current: true, .. }));
        let nested = mark(tree.clone(), "/a/b/x/");
        assert!(matches!(&nested[0], SidebarItem::Group { open: true, .. }));
        assert!(matches!(&nested[2], SidebarItem::Group { open: true, .. }));
        assert_eq!(mark(tree.clone(), "/nowhere/"), tree, "a page outside the tree marks nothing");
    }
}
