//! The sidebar: every section and page, in display order, as one flat list of rows
//! ([`SidebarItem`]). Built once per build without any page marked; [`Sidebar::for_page`] marks
//! one page's.

mod html;

use super::Shown;
use crate::content::{Document, Target};
use crate::render::context::SidebarItem;

impl Shown<'_> {
    /// The whole tree, nothing current: the top level in the header's order (by weight), then
    /// each section's own page, its pages and its subsections.
    pub(in crate::site) fn sidebar(&self) -> Vec<SidebarItem> {
        let content = &self.site.content;
        // A link per page, and a group, a link and an end per section.
        let mut items = Vec::with_capacity(content.pages.len() + 3 * content.sections.len() + 1);
        for entry in self.top() {
            match entry {
                Entry::Section(id) => self.group(id, 0, &mut items),
                Entry::Page(id) => items.push(self.page_link(id, 0)),
            }
        }
        if let Some((title, url)) = self.site.pairs.hub(&self.site.content) {
            let url = format!("{}{url}", self.base_path);
            items.push(SidebarItem::Link { title, url, current: false, depth: 0 });
        }
        items
    }

    /// The top level's sections and pages in the sidebar's order.
    pub(in crate::site) fn top(&self) -> Vec<Entry> {
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
        top.into_iter().map(|(_, entry)| entry).collect()
    }

    /// The rows a section or page adds to the sidebar, at depth 0: a page's link; a section's
    /// group and its own link (the home page has none). Where they stand is the tree's and the
    /// order's business, compared apart.
    pub(in crate::site) fn rows(&self, target: Target) -> Vec<SidebarItem> {
        let mut rows = Vec::new();
        match target {
            Target::Page(id) => rows.push(self.page_link(id, 0)),
            Target::Section(id) if id != 0 => self.group_head(id, 0, &mut rows),
            Target::Section(_) | Target::Asset(_) => {}
        }
        rows
    }

    /// A section's group and everything below it.
    fn group(&self, id: usize, depth: usize, items: &mut Vec<SidebarItem>) {
        let section = &self.site.content.sections[id];
        self.group_head(id, depth, items);
        for &page in &section.pages {
            items.push(self.page_link(page, depth + 1));
        }
        for &sub in &section.subsections {
            self.group(sub, depth + 1, items);
        }
        items.push(SidebarItem::End);
    }

    /// A section's group row and its own link.
    fn group_head(&self, id: usize, depth: usize, items: &mut Vec<SidebarItem>) {
        let section = &self.site.content.sections[id];
        let url = format!("{}{}", self.base_path, section.url);
        let title = section.doc.as_ref().map_or_else(|| folder_name(&section.url), |d| d.nav_title().to_string());
        items.push(SidebarItem::Group { title, url: url.clone(), open: false, depth });
        if let Some(doc) = &section.doc {
            items.push(SidebarItem::Link { title: doc.front().title.clone(), url, current: false, depth: depth + 1 });
        }
    }

    fn page_link(&self, id: usize, depth: usize) -> SidebarItem {
        let page = &self.site.content.pages[id];
        let title = Document::nav_title(&page.doc).to_string();
        // Not `format!`: a site's sidebar has a link per page, and it is built anew for every
        // structural change under `serve`, where the formatting machinery took 40 % of it.
        let url = [self.base_path.as_str(), page.url.as_str()].concat();
        SidebarItem::Link { title, url, current: false, depth }
    }
}

/// A top-level entry of the sidebar, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(in crate::site) enum Entry {
    Section(usize),
    Page(usize),
}

/// A folder without `_index.md` is named by its folder: `guides/` → `guides`.
fn folder_name(url: &str) -> String {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url).to_string()
}

/// Up to this many links, every page shows the whole tree. Above it, a closed group shows only
/// its section's own link: a whole tree on every page would make the output grow with the
/// square of the number of pages (2,000 pages: 175 KB of sidebar on each).
pub(in crate::site) const WHOLE_TREE_LINKS: usize = 200;

/// On such a site, an open group with more pages shows this many on each side of the current
/// one (and its section's own link); its section page lists them all.
pub(in crate::site) const NEIGHBOURS: usize = 25;

/// The sidebar of a build, ready to show on each page.
#[derive(Default, Clone)]
pub(in crate::site) struct Sidebar {
    items: Vec<SidebarItem>,
    /// For each item, the group it is directly inside.
    parent: Vec<Option<usize>>,
    /// For each group, the index of its `End`.
    end_of: rustc_hash::FxHashMap<usize, usize>,
    link_at: LinkIndex,
    links: usize,
    /// For each link, its place among the links of its group.
    rank: Vec<usize>,
    /// For each group, its place among the groups, from 1 (0 is the top level).
    ordinal: rustc_hash::FxHashMap<usize, usize>,
    /// By ordinal, the items of each group's own links, in order.
    members: Vec<Vec<usize>>,
    /// For each link, the item after the run of links it is in (links next to each other are
    /// of one group, with ranks one apart): a page skips a long run without reading it.
    run_end: Vec<usize>,
}

/// Each link's item by its URL (the first, should two share one). It holds positions, not
/// copies of the URLs: `serve` builds it anew for each page added or removed.
#[derive(Default, Clone)]
struct LinkIndex {
    table: hashbrown::HashTable<usize>,
}

impl LinkIndex {
    fn with_capacity(capacity: usize) -> LinkIndex {
        LinkIndex { table: hashbrown::HashTable::with_capacity(capacity) }
    }

    /// Index the link at `at`, whose URL is `url`, unless a link before it has that URL.
    fn insert(&mut self, items: &[SidebarItem], at: usize, url: &str) {
        let hash = url_hash(url);
        let same = |&i: &usize| link_url(&items[i]) == url;
        if let hashbrown::hash_table::Entry::Vacant(slot) =
            self.table.entry(hash, same, |&i| url_hash(link_url(&items[i])))
        {
            slot.insert(at);
        }
    }

    fn get(&self, items: &[SidebarItem], url: &str) -> Option<usize> {
        self.table.find(url_hash(url), |&i| link_url(&items[i]) == url).copied()
    }

    fn len(&self) -> usize {
        self.table.len()
    }
}

fn url_hash(url: &str) -> u64 {
    use std::hash::BuildHasher as _;
    rustc_hash::FxBuildHasher.hash_one(url)
}

/// The URL of a link; only links are indexed.
fn link_url(item: &SidebarItem) -> &str {
    match item {
        SidebarItem::Link { url, .. } => url,
        _ => "",
    }
}

impl PartialEq for Sidebar {
    fn eq(&self, other: &Sidebar) -> bool {
        // Everything else is derived from the items.
        self.items == other.items
    }
}

impl Sidebar {
    /// The sidebar of a site's content as it is now.
    pub(in crate::site) fn of(site: &crate::site::Site) -> Sidebar {
        Sidebar::new(Shown::new(site).sidebar())
    }

    pub(in crate::site) fn new(items: Vec<SidebarItem>) -> Sidebar {
        let mut parent = Vec::with_capacity(items.len());
        let mut end_of = rustc_hash::FxHashMap::default();
        let mut link_at = LinkIndex::with_capacity(items.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                SidebarItem::End => {
                    let group = open.pop();
                    parent.push(open.last().copied());
                    if let Some(group) = group {
                        end_of.insert(group, i);
                    }
                }
                SidebarItem::Group { .. } => {
                    parent.push(open.last().copied());
                    open.push(i);
                }
                SidebarItem::Link { url, .. } => {
                    parent.push(open.last().copied());
                    link_at.insert(&items, i, url);
                }
            }
        }
        let links = link_at.len();
        let groups = items.iter().enumerate().filter(|(_, item)| matches!(item, SidebarItem::Group { .. }));
        let ordinal: rustc_hash::FxHashMap<usize, usize> = groups.enumerate().map(|(n, (i, _))| (i, n + 1)).collect();
        let mut members = vec![Vec::new(); ordinal.len() + 1];
        let mut rank = vec![0; items.len()];
        for (i, item) in items.iter().enumerate() {
            if let SidebarItem::Link { .. } = item {
                let group: &mut Vec<usize> = &mut members[parent[i].map_or(0, |g| ordinal[&g])];
                rank[i] = group.len();
                group.push(i);
            }
        }
        let mut run_end = vec![0; items.len()];
        for i in (0..items.len()).rev() {
            let next_is_link = matches!(items.get(i + 1), Some(SidebarItem::Link { .. }));
            run_end[i] = if next_is_link { run_end[i + 1] } else { i + 1 };
        }
        Sidebar { items, parent, end_of, link_at, links, rank, ordinal, members, run_end }
    }

    /// What the page at `url` shows: its link current and the groups around it open. On a
    /// large site (see [`WHOLE_TREE_LINKS`]) the other groups show only their own link.
    pub(in crate::site) fn for_page(&self, url: &str) -> Vec<SidebarItem> {
        let owned = |row: Row<'_>| match row {
            Row::Item(item, flag) => {
                let mut item = item.clone();
                match &mut item {
                    SidebarItem::Group { open, .. } => *open = flag,
                    SidebarItem::Link { current, .. } => *current = flag,
                    SidebarItem::End => {}
                }
                item
            }
            Row::End => SidebarItem::End,
        };
        self.view(url).into_iter().map(owned).collect()
    }

    /// The rows the page at `url` shows: the whole tree on a small site, else [`Sidebar::rows`].
    fn view(&self, url: &str) -> Vec<Row<'_>> {
        if self.whole_tree() {
            self.whole_rows(url)
        } else {
            self.rows(url)
        }
    }

    /// A small site's whole tree as the page at `url` shows it, its link current and every group
    /// it is inside open.
    fn whole_rows(&self, url: &str) -> Vec<Row<'_>> {
        let current = self.link_at.get(&self.items, url);
        let mut open = vec![false; self.items.len()];
        let mut up = current.and_then(|at| self.parent[at]);
        while let Some(group) = up {
            open[group] = true;
            up = self.parent[group];
        }
        let flag = |i: usize| match self.items[i] {
            SidebarItem::Link { .. } => Some(i) == current,
            _ => open[i],
        };
        self.items.iter().enumerate().map(|(i, item)| Row::Item(item, flag(i))).collect()
    }

    /// Whether the page at `old_url` in `old` and the one at `new_url` in `new` show the same
    /// sidebar, when only the links of `changed` groups differ (see [`Sidebar::changed_groups`]):
    /// the same groups open, and in each changed one it has open the same links shown.
    pub(in crate::site) fn same_view(
        old: &Sidebar,
        old_url: &str,
        new: &Sidebar,
        new_url: &str,
        changed: &[usize],
    ) -> bool {
        if old.whole_tree() || new.whole_tree() {
            return old.for_page(old_url) == new.for_page(new_url);
        }
        let around = new.groups_around(new_url);
        around == old.groups_around(old_url)
            && around
                .iter()
                .filter(|g| changed.contains(g))
                .all(|&g| old.shown_links(g, old_url) == new.shown_links(g, new_url))
    }

    /// The links of a group (by ordinal) that the page at `url` shows, with the current one
    /// marked: the links [`Sidebar::near`] keeps, found without visiting the others.
    fn shown_links(&self, group: usize, url: &str) -> Vec<(&SidebarItem, bool)> {
        let current = self.link_at.get(&self.items, url);
        let members = self.members.get(group).map_or(&[][..], Vec::as_slice);
        let shown: Vec<usize> = if members.len() <= 2 * NEIGHBOURS + 1 {
            members.to_vec()
        } else {
            let centre = current.filter(|&c| members.get(self.rank[c]) == Some(&c)).map_or(0, |c| self.rank[c]);
            let window = centre.saturating_sub(NEIGHBOURS)..(centre + NEIGHBOURS + 1).min(members.len());
            // A group's own section link, its first, shows wherever the window is.
            let own = (group != 0 && window.start > 0).then_some(members[0]);
            own.into_iter().chain(members[window].iter().copied()).collect()
        };
        debug_assert!(
            shown.iter().all(|&i| self.near(i, current))
                && shown.len() == members.iter().filter(|&&i| self.near(i, current)).count()
        );
        shown.into_iter().map(|i| (&self.items[i], Some(i) == current)).collect()
    }

    /// The sections whose groups these are (by ordinal, see [`Sidebar::groups_around`]); `None`
    /// for the top level, whose links every page shows, or a group that is no section's.
    pub(in crate::site) fn sections_of_groups(
        &self,
        groups: &[usize],
        base_path: &str,
        content: &crate::content::Content,
    ) -> Option<Vec<usize>> {
        let by_ordinal: rustc_hash::FxHashMap<usize, usize> = self.ordinal.iter().map(|(&i, &n)| (n, i)).collect();
        groups
            .iter()
            .map(|g| {
                let SidebarItem::Group { url, .. } = &self.items[*by_ordinal.get(g)?] else { return None };
                let url = url.strip_prefix(base_path)?;
                content.sections.iter().position(|s| s.url == url)
            })
            .collect()
    }

    /// A large site's sidebar as the page at `url` shows it (see [`Sidebar::for_page`]).
    fn rows(&self, url: &str) -> Vec<Row<'_>> {
        let current_at = self.link_at.get(&self.items, url);
        let mut open = rustc_hash::FxHashSet::default();
        let mut up = current_at.and_then(|at| self.parent[at]);
        while let Some(group) = up {
            open.insert(group);
            up = self.parent[group];
        }
        let mut rows = Vec::new();
        let mut i = 0;
        while i < self.items.len() {
            let item = &self.items[i];
            match item {
                SidebarItem::Group { url: group_url, .. } if !open.contains(&i) => {
                    let end = self.end_of.get(&i).copied().unwrap_or(self.items.len() - 1);
                    let own = matches!(self.items.get(i + 1), Some(SidebarItem::Link { url, .. }) if url == group_url);
                    rows.push(Row::Item(item, false));
                    if own {
                        rows.push(Row::Item(&self.items[i + 1], false));
                    }
                    rows.push(Row::End);
                    i = end + 1;
                    continue;
                }
                SidebarItem::Group { .. } => rows.push(Row::Item(item, true)),
                SidebarItem::Link { .. } if !self.near(i, current_at) => {
                    // Not one link at a time: a page of a 5,000-page section would read all 5,000.
                    i = self.next_near(i, current_at);
                    continue;
                }
                SidebarItem::Link { .. } => rows.push(Row::Item(item, Some(i) == current_at)),
                SidebarItem::End => rows.push(Row::End),
            }
            i += 1;
        }
        rows
    }
}

/// A row of a large site's sidebar as one page shows it: an item of the tree with its group
/// open or its link current, or the end of a group.
#[derive(PartialEq)]
enum Row<'a> {
    Item(&'a SidebarItem, bool),
    End,
}

impl Sidebar {
    /// On a site this small every page shows the whole tree.
    fn whole_tree(&self) -> bool {
        self.links <= WHOLE_TREE_LINKS
    }

    /// The rows every page shows on a large site: each group, its section's own link, its end.
    fn skeleton(&self) -> Vec<&SidebarItem> {
        let mut rows = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            let own = i > 0
                && matches!((&self.items[i - 1], item), (SidebarItem::Group { url: g, .. }, SidebarItem::Link { url, .. }) if g == url);
            if !matches!(item, SidebarItem::Link { .. }) || own {
                rows.push(item);
            }
        }
        rows
    }

    /// Each group's links in order: the top level's first, then each group's in the tree's order.
    fn links_by_group(&self) -> Vec<Vec<&SidebarItem>> {
        self.members.iter().map(|links| links.iter().map(|&i| &self.items[i]).collect()).collect()
    }

    /// The groups (by the ordinals of [`Sidebar::links_by_group`], the top level 0) whose links
    /// the page at `url` shows: the top level and every group it is inside.
    pub(in crate::site) fn groups_around(&self, url: &str) -> Vec<usize> {
        let mut around = vec![0];
        let mut up = self.link_at.get(&self.items, url).and_then(|at| self.parent[at]);
        while let Some(group) = up {
            around.push(self.ordinal[&group]);
            up = self.parent[group];
        }
        around
    }

    /// Which groups' links differ between two builds' sidebars (see [`Sidebar::groups_around`]);
    /// `None` when every page's sidebar may differ: a small site's whole tree, or a group or a
    /// section's own link added, removed or renamed (closed groups show those on every page).
    pub(in crate::site) fn changed_groups(old: &Sidebar, new: &Sidebar) -> Option<Vec<usize>> {
        if old.items == new.items {
            return Some(Vec::new());
        }
        if old.whole_tree() || new.whole_tree() || old.skeleton() != new.skeleton() {
            return None;
        }
        let (before, after) = (old.links_by_group(), new.links_by_group());
        Some((0..before.len()).filter(|&g| before.get(g) != after.get(g)).collect())
    }
}

impl Sidebar {
    /// Whether link `i`, in an open group, is shown: its group is small, or it is its section's
    /// own link, or it is within [`NEIGHBOURS`] of the current page (of the top, in a group the
    /// current page is further inside).
    fn near(&self, i: usize, current: Option<usize>) -> bool {
        let group = self.parent[i];
        let count = self.members[group.map_or(0, |g| self.ordinal[&g])].len();
        if count <= 2 * NEIGHBOURS + 1 || (group.is_some() && self.rank[i] == 0) {
            return true;
        }
        self.rank[i].abs_diff(self.centre(i, current)) <= NEIGHBOURS
    }

    /// The rank that the links shown of link `i`'s group centre on: the current page's, if it
    /// is in that group, else the first (the top of the group).
    fn centre(&self, i: usize, current: Option<usize>) -> usize {
        current.filter(|&c| self.parent[c] == self.parent[i]).map_or(0, |c| self.rank[c])
    }

    /// From link `i`, which is not shown: the next item that may be, the first link of its run
    /// within [`NEIGHBOURS`] of the centre, or the item after the run.
    fn next_near(&self, i: usize, current: Option<usize>) -> usize {
        let first_near = self.centre(i, current).saturating_sub(NEIGHBOURS);
        match first_near.checked_sub(self.rank[i]) {
            Some(ahead) if i + ahead < self.run_end[i] => i + ahead,
            _ => self.run_end[i],
        }
    }
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
        let mark = |url: &str| Sidebar::new(tree.clone()).for_page(url);
        let marked = mark("/a/y/");
        let open: Vec<bool> = marked
            .iter()
            .filter_map(|i| if let SidebarItem::Group { open, .. } = i { Some(*open) } else { None })
            .collect();
        assert_eq!(open, [true, false, false]);
        assert!(matches!(&marked[5], SidebarItem::Link { current: true, .. }));
        let nested = mark("/a/b/x/");
        assert!(matches!(&nested[0], SidebarItem::Group { open: true, .. }));
        assert!(matches!(&nested[2], SidebarItem::Group { open: true, .. }));
        assert_eq!(mark("/nowhere/"), tree, "a page outside the tree marks nothing");
    }

    /// Groups `a` and `b` of `n` pages each (and `b` nested in `a` when `nested`), `extra`
    /// more pages in `b`.
    fn large(n: usize, extra: usize, nested: bool) -> Vec<SidebarItem> {
        let mut items = vec![group("/a/"), link("/a/")];
        items.extend((0..n).map(|i| link(&format!("/a/{i}/"))));
        if !nested {
            items.push(SidebarItem::End);
        }
        items.extend([group("/b/"), link("/b/")]);
        items.extend((0..n + extra).map(|i| link(&format!("/b/{i}/"))));
        items.push(SidebarItem::End);
        if nested {
            items.push(SidebarItem::End);
        }
        items
    }

    #[test]
    fn only_pages_inside_a_changed_group_see_another_sidebar() {
        for nested in [false, true] {
            let (old, new) = (Sidebar::new(large(150, 0, nested)), Sidebar::new(large(150, 1, nested)));
            let changed = Sidebar::changed_groups(&old, &new).expect("only the links of `b` changed");
            assert_eq!(changed, [2]);
            let urls = (0..150).flat_map(|i| [format!("/a/{i}/"), format!("/b/{i}/")]).chain(["/a/".into(), "".into()]);
            let mut differ = 0;
            for url in urls {
                let same = old.for_page(&url) == new.for_page(&url);
                assert_eq!(
                    Sidebar::same_view(&old, &url, &new, &url, &changed),
                    same,
                    "{url}: the view compared in place"
                );
                let around = new.groups_around(&url);
                assert!(same || around.iter().any(|g| changed.contains(g)), "{url} changed outside `b`");
                differ += usize::from(!same);
            }
            assert!(differ > 0 && differ < 60, "{differ} pages see the new link (nested: {nested})");
        }
        let same = Sidebar::new(large(150, 0, false));
        assert_eq!(Sidebar::changed_groups(&same, &Sidebar::new(large(150, 0, false))), Some(vec![]));
        let mut regrouped = large(150, 0, false);
        regrouped.insert(3, group("/a/new/"));
        regrouped.insert(4, SidebarItem::End);
        assert_eq!(Sidebar::changed_groups(&same, &Sidebar::new(regrouped)), None, "a new group shows everywhere");
        let small = |extra| Sidebar::new(large(10, extra, false));
        assert_eq!(Sidebar::changed_groups(&small(0), &small(1)), None, "a small site shows the whole tree");
    }

    #[test]
    fn a_long_section_shows_its_section_link_and_the_pages_around_the_current_one() {
        let sidebar = Sidebar::new(large(300, 0, false));
        for k in [0usize, 1, 30, 150, 274, 299] {
            let shown: Vec<String> = sidebar
                .for_page(&format!("/b/{k}/"))
                .into_iter()
                .filter_map(|item| if let SidebarItem::Link { url, .. } = item { Some(url) } else { None })
                .collect();
            let around = (k.saturating_sub(NEIGHBOURS)..=(k + NEIGHBOURS).min(299)).map(|j| format!("/b/{j}/"));
            let want: Vec<String> = ["/a/".to_string(), "/b/".to_string()].into_iter().chain(around).collect();
            assert_eq!(shown, want, "page {k}");
        }
    }
}
