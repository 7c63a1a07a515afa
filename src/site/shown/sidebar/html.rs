//! The tree of the theme's `partials/sidebar.html`, written here rather than by its template
//! loop when no template of the site reads `site.sidebar` (see `Templates::draws_sidebar`).
//!
//! The loop was a fifth of every page's render: each row a serialized object and a handful of
//! tera lookups. The markup below is the loop's, byte for byte; the integration test
//! `the_sidebar_drawn_natively_is_the_template_s` builds sites both ways and compares them.

use super::{Row, Sidebar};
use crate::html::escape_html_into;
use crate::render::context::SidebarItem;

impl Sidebar {
    /// The rows of `<ul class="sidebar-tree">` as the page at `url` shows them.
    pub(in crate::site) fn html_for_page(&self, url: &str) -> String {
        let rows = self.view(url);
        // A row is about a link's length of markup around its title and URL.
        let mut html = String::with_capacity(rows.len() * 96);
        for row in rows {
            match row {
                Row::Item(SidebarItem::Link { title, url, .. }, current) => {
                    html.push_str("\n<li><a href=\"");
                    escape_html_into(&mut html, url);
                    html.push_str(if current { "\" aria-current=\"page\">" } else { "\">" });
                    escape_html_into(&mut html, title);
                    html.push_str("</a></li>");
                }
                Row::Item(SidebarItem::Group { title, .. }, open) => {
                    html.push_str(if open {
                        "\n<li class=\"sidebar-group\"><details open><summary>"
                    } else {
                        "\n<li class=\"sidebar-group\"><details><summary>"
                    });
                    escape_html_into(&mut html, title);
                    html.push_str("</summary><ul>");
                }
                Row::Item(SidebarItem::End, _) | Row::End => html.push_str("\n</ul></details></li>"),
            }
        }
        html
    }
}
