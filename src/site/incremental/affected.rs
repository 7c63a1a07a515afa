//! What shows a change: swapping edited documents and templates into the site, and finding
//! every section and page whose output they change.
//!
//! 1. Take each edited document's [`Projection`] (what other documents show of it, serialized
//!    from the very values their templates get) and the navigation's frame (the header and the
//!    sidebar's top level), then swap the new documents and templates in, keeping the old ones
//!    in an [`Undo`].
//! 2. Re-sort the sections the edited documents are in: a new order re-renders the listing and
//!    the pages whose prev/next changed.
//! 3. Compare each projection with the new one: a new listing entry re-renders its section, a
//!    new link the pages that show it (prev/next, `page.section`), a new breadcrumb the subtree,
//!    a new sitemap entry the sitemap. A new frame, new sidebar rows or a new order is a new
//!    navigation: everything re-renders and the site's sidebar is built again. None of this
//!    walks the whole tree, so an edit costs the same on a site of any size. Nothing here
//!    names a field, so a field added to a context struct cannot be forgotten.
//! 4. A template change re-renders the pages whose template uses it (the tag pages included).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::{Plan, Undo};
use crate::content::Target;
use crate::site::shown::{self, Projection, Shown, Sidebar};
use crate::site::Site;

impl Site {
    /// Swap the plan's documents and templates in and add everything that shows them.
    pub(super) fn apply(&mut self, plan: &mut Plan) -> Undo {
        let shown = Shown::new(self);
        let before: Vec<(Target, Projection)> =
            plan.documents.iter().map(|(target, _)| (*target, Projection::of(&shown, *target))).collect();
        let frame = shown::nav_frame(self);
        let mut undo = self.swap(plan);
        // The sidebar lists every section and page in order: a new order changes it.
        let mut nav_changed = self.resort(&before, plan, &mut undo);
        let shown = Shown::new(self);
        for (target, old) in before {
            let new = Projection::of(&shown, target);
            nav_changed |= old.rows != new.rows;
            plan.targets.insert(target);
            plan.sitemap |= old.sitemap != new.sitemap;
            match target {
                Target::Page(id) => {
                    if old.listing != new.listing {
                        plan.targets.insert(Target::Section(self.content.pages[id].section));
                        // Tag pages list it as its section does (its tags are unchanged: see `plan`).
                        plan.tags |= !self.content.pages[id].doc.front().tags.is_empty();
                    }
                    if old.link != new.link {
                        // Old neighbours that lost it see new prev/next: `resort` added them.
                        let (prev, next) = self.neighbours_of(id);
                        plan.targets.extend([prev, next].into_iter().flatten().map(Target::Page));
                    }
                }
                Target::Section(id) => {
                    let section = &self.content.sections[id];
                    if let Some(parent) = section.parent.filter(|_| old.listing != new.listing) {
                        plan.targets.insert(Target::Section(parent));
                    }
                    if old.link != new.link {
                        plan.targets.extend(section.pages.iter().map(|&p| Target::Page(p)));
                    }
                    if old.crumb != new.crumb {
                        self.subtree(id, &mut plan.targets);
                        // Tag pages, pair pages and the hub start their breadcrumbs at home.
                        plan.tags |= id == 0;
                        plan.all_pairs |= id == 0;
                    }
                }
                Target::Asset(_) => {}
            }
        }
        // Every page and `404.html` show the navigation.
        if nav_changed || shown::nav_frame(self) != frame {
            plan.everything = true;
            let sidebar = Arc::new(Sidebar::of(self));
            undo.sidebar = Some(std::mem::replace(&mut self.sidebar, sidebar));
        }
        if !plan.template_users.is_empty() {
            for target in self.all_targets() {
                if plan.template_users.contains(self.template_of(target)) {
                    plan.targets.insert(target);
                }
            }
            plan.not_found |= plan.template_users.contains("404.html");
            plan.tags |= ["tags.html", "tag.html"].iter().any(|t| plan.template_users.contains(*t));
            plan.all_pairs |= ["pair.html", "pairs.html"].iter().any(|t| plan.template_users.contains(*t));
        }
        undo
    }

    /// Put the plan's templates and documents in place of the site's; returns the old ones.
    fn swap(&mut self, plan: &mut Plan) -> Undo {
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
        undo
    }

    /// Sort the sections holding edited documents again, as `content::load_partial` would, and add the
    /// listings whose order changed and the pages whose prev/next changed. True when an order changed.
    fn resort(&mut self, edited: &[(Target, Projection)], plan: &mut Plan, undo: &mut Undo) -> bool {
        let mut changed = false;
        let mut page_sections = BTreeSet::new();
        let mut parents = BTreeSet::new();
        for (target, _) in edited {
            match *target {
                Target::Page(id) => {
                    page_sections.insert(self.content.pages[id].section);
                }
                Target::Section(id) => parents.extend(self.content.sections[id].parent),
                Target::Asset(_) => {}
            }
        }
        for section in page_sections {
            let old_order = self.content.sections[section].pages.clone();
            self.content.sort_pages(section);
            let new_order = &self.content.sections[section].pages;
            if *new_order != old_order {
                changed = true;
                plan.targets.insert(Target::Section(section));
                let (before, after) = (neighbours(&old_order), neighbours(new_order));
                let moved = new_order.iter().filter(|&page| before.get(page) != after.get(page));
                plan.targets.extend(moved.map(|&page| Target::Page(page)));
            }
            undo.page_orders.push((section, old_order));
        }
        for section in parents {
            let old_order = self.content.sections[section].subsections.clone();
            self.content.sort_subsections(section);
            if self.content.sections[section].subsections != old_order {
                changed = true;
                plan.targets.insert(Target::Section(section));
            }
            undo.subsection_orders.push((section, old_order));
        }
        changed
    }

    /// A page's previous and next pages in its section's current order.
    fn neighbours_of(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let order = &self.content.sections[self.content.pages[page].section].pages;
        neighbours(order).get(&page).copied().unwrap_or_default()
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
    fn subtree(&self, section: usize, targets: &mut BTreeSet<Target>) {
        let mut stack = vec![section];
        while let Some(id) = stack.pop() {
            targets.insert(Target::Section(id));
            let s = &self.content.sections[id];
            targets.extend(s.pages.iter().map(|&p| Target::Page(p)));
            stack.extend(&s.subsections);
        }
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
