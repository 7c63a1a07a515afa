//! What shows a change: swapping edited documents and templates into the site, and finding
//! every section and page whose output they change.
//!
//! 1. Swap the new documents and templates in, keeping the old ones in an [`Undo`].
//! 2. Compare each document's old and new front matter ([`Shown`]): its own page always
//!    re-renders; a listed value re-renders its section's listing; an order key re-sorts its
//!    section and re-renders the pages whose prev/next changed or show its title; a top-level
//!    entry re-renders everything (the navigation); a section's title its whole subtree
//!    (breadcrumbs); new dates the sitemap.
//! 3. A template change re-renders the pages whose template uses it.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{key, Key, Plan, Undo};
use crate::content::{FrontMatter, Target};
use crate::site::Site;

/// Which of a document's front-matter values that other pages show changed.
struct Shown {
    title: bool,
    /// Weight, date or title: the position among its siblings.
    order: bool,
    /// Anything a section listing shows.
    listing: bool,
    /// `date` or `updated`: the sitemap's `lastmod`.
    dates: bool,
}

impl Shown {
    fn compare(old: &FrontMatter, new: &FrontMatter) -> Shown {
        let title = old.title != new.title || old.nav_title != new.nav_title;
        let order = title || old.weight != new.weight || old.date != new.date;
        let listing = order || old.description != new.description || old.tags != new.tags;
        let dates = old.date != new.date || old.updated != new.updated;
        Shown { title, order, listing, dates }
    }
}

impl Site {
    /// Swap the plan's documents and templates in and add everything that shows them.
    pub(super) fn apply(&mut self, plan: &mut Plan) -> Undo {
        let mut undo = Undo::default();
        if let Some(templates) = plan.templates.take() {
            undo.templates = Some(std::mem::replace(&mut self.templates, templates));
        }
        for (target, doc) in std::mem::take(&mut plan.documents) {
            let old = match target {
                Target::Page(id) => Some(std::mem::replace(&mut self.content.pages[id].doc, doc)),
                Target::Section(id) => self.content.sections[id].doc.replace(doc),
                Target::Asset(_) => continue,
            };
            undo.documents.push((target, old));
        }
        let mut page_orders: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut subsection_orders: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut retitled: HashSet<usize> = HashSet::new();
        for (target, old) in &undo.documents {
            let (Some(old), Some(new)) = (old, self.content.document(*target)) else { continue };
            let shown = Shown::compare(old.front(), new.front());
            plan.targets.insert(key(*target));
            plan.sitemap |= shown.dates;
            match *target {
                Target::Page(id) => {
                    let section = self.content.pages[id].section;
                    if shown.listing {
                        plan.targets.insert(key(Target::Section(section)));
                    }
                    if shown.order {
                        page_orders.entry(section).or_insert_with(|| self.content.sections[section].pages.clone());
                        // The navigation lists the home section's pages, in order.
                        plan.everything |= section == 0;
                    }
                    if shown.title {
                        retitled.insert(id);
                    }
                }
                Target::Section(id) => {
                    let parent = self.content.sections[id].parent;
                    if let Some(parent) = parent.filter(|_| shown.listing) {
                        plan.targets.insert(key(Target::Section(parent)));
                        if shown.order {
                            subsection_orders
                                .entry(parent)
                                .or_insert_with(|| self.content.sections[parent].subsections.clone());
                        }
                    }
                    if shown.title {
                        // Breadcrumbs and section links below it show its title.
                        self.subtree(id, &mut plan.targets);
                    }
                    // The navigation lists top-level sections, in order.
                    plan.everything |= shown.order && parent == Some(0);
                }
                Target::Asset(_) => {}
            }
        }
        for (section, old_order) in page_orders {
            self.sort_pages(section);
            let new_order = &self.content.sections[section].pages;
            let (before, after) = (neighbours(&old_order), neighbours(new_order));
            for &page in new_order {
                let (b, a) =
                    (before.get(&page).copied().unwrap_or_default(), after.get(&page).copied().unwrap_or_default());
                let shows_retitled = [b.0, b.1, a.0, a.1].iter().flatten().any(|p| retitled.contains(p));
                if b != a || shows_retitled {
                    plan.targets.insert(key(Target::Page(page)));
                }
            }
            undo.page_orders.push((section, old_order));
        }
        for (section, old_order) in subsection_orders {
            self.sort_subsections(section);
            undo.subsection_orders.push((section, old_order));
        }
        if !plan.template_users.is_empty() {
            for target in self.all_targets() {
                if plan.template_users.contains(self.template_of(target)) {
                    plan.targets.insert(key(target));
                }
            }
            plan.not_found |= plan.template_users.contains("404.html");
        }
        undo
    }

    pub(super) fn all_targets(&self) -> Vec<Target> {
        (0..self.content.sections.len())
            .map(Target::Section)
            .chain((0..self.content.pages.len()).map(Target::Page))
            .collect()
    }

    /// The template a section or page is rendered with (as `document.rs` chooses it).
    fn template_of(&self, target: Target) -> &str {
        let chosen = self.content.document(target).and_then(|d| d.front().template.as_deref());
        match target {
            Target::Section(0) => chosen.unwrap_or("index.html"),
            Target::Section(_) => chosen.unwrap_or("section.html"),
            _ => chosen.unwrap_or("page.html"),
        }
    }

    /// A section and every section and page below it.
    fn subtree(&self, section: usize, targets: &mut BTreeSet<Key>) {
        let mut stack = vec![section];
        while let Some(id) = stack.pop() {
            targets.insert(key(Target::Section(id)));
            let s = &self.content.sections[id];
            targets.extend(s.pages.iter().map(|&p| key(Target::Page(p))));
            stack.extend(&s.subsections);
        }
    }

    /// Sort a section's pages as `content::load` does.
    fn sort_pages(&mut self, section: usize) {
        let pages = &self.content.pages;
        let mut order = self.content.sections[section].pages.clone();
        order.sort_by(|&a, &b| {
            crate::content::order(&pages[a].doc, &pages[b].doc).then_with(|| pages[a].url.cmp(&pages[b].url))
        });
        self.content.sections[section].pages = order;
    }

    /// Sort a section's subsections as `content::load` does.
    fn sort_subsections(&mut self, section: usize) {
        let sections = &self.content.sections;
        let mut order = sections[section].subsections.clone();
        order.sort_by(|&a, &b| {
            match (&sections[a].doc, &sections[b].doc) {
                (Some(x), Some(y)) => crate::content::order(x, y),
                _ => Ordering::Equal,
            }
            .then_with(|| sections[a].url.cmp(&sections[b].url))
        });
        self.content.sections[section].subsections = order;
    }
}

/// Each page's (previous, next) in a section's order.
fn neighbours(order: &[usize]) -> HashMap<usize, (Option<usize>, Option<usize>)> {
    order
        .iter()
        .enumerate()
        .map(|(i, &page)| (page, (i.checked_sub(1).map(|j| order[j]), order.get(i + 1).copied())))
        .collect()
}
