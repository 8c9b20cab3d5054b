//! One paged CCC listing as its pages arrive: how many pages `TotalCount` calls for (refused beyond
//! [`MAX_ROSTER`]), each page checked (its number echoed back, no more items than asked for), the
//! bytes of all pages together bounded by [`MAX_LISTING_BYTES`], and the end found early when a
//! page comes back empty.

use super::api::{MAX_PAGES, PAGE_SIZE};
use super::error::AliyunError;
use super::wire::Page;

/// The most items a list may claim (`TotalCount`): more is no real instance, and is refused.
pub const MAX_ROSTER: i64 = 100_000;
/// The most body bytes all pages of one listing may add up to: 64 MiB (each page is also capped at
/// [`crate::backend::bounded::MAX_BODY_BYTES`]; 10,000 agents take ~10 MiB).
pub const MAX_LISTING_BYTES: usize = 64 * 1024 * 1024;

/// The pages of one listing gathered so far.
pub(crate) struct Listing<T> {
    action: &'static str,
    /// Pages to fetch in all, from page 1's `TotalCount`.
    pub(crate) pages: i64,
    /// A page came back empty: the list is shorter than `TotalCount` said; fetch no more.
    pub(crate) ended: bool,
    bytes: usize,
    results: Vec<Vec<T>>,
}

impl<T> Listing<T> {
    /// A listing sized by its first page (not added yet: see [`Listing::add`]).
    pub(crate) fn new(action: &'static str, first: &Page<T>) -> Result<Listing<T>, AliyunError> {
        let total = first.total_count;
        if total > MAX_ROSTER {
            return Err(AliyunError::TooMany {
                action: action.to_string(),
                total,
                limit: MAX_ROSTER,
            });
        }
        if total > 0 && first.list.is_empty() {
            return Err(decode(
                action,
                format!(
                    "TotalCount is {total} but page 1 lists no item; the answer is not a CCC page"
                ),
            ));
        }
        if total > PAGE_SIZE * MAX_PAGES {
            tracing::warn!(
                action,
                total,
                "more items than the API can page through; showing the first 10000"
            );
        }
        let pages = ((total.max(0) + PAGE_SIZE - 1) / PAGE_SIZE).clamp(1, MAX_PAGES);
        let mut results = Vec::new();
        results.resize_with(pages as usize, Vec::new);
        Ok(Listing {
            action,
            pages,
            ended: false,
            bytes: 0,
            results,
        })
    }

    /// Adds page `page` (whose body was `size` bytes), after checking it.
    pub(crate) fn add(&mut self, page: i64, p: Page<T>, size: usize) -> Result<(), AliyunError> {
        self.bytes = self.bytes.saturating_add(size);
        if self.bytes > MAX_LISTING_BYTES {
            return Err(AliyunError::TooLarge {
                action: self.action.to_string(),
                what: "all pages together",
                limit: MAX_LISTING_BYTES,
            });
        }
        if p.page_number != 0 && p.page_number != page {
            return Err(decode(
                self.action,
                format!(
                    "page {page} came back as page {}: the pages do not advance; check that endpoint is a CCC endpoint",
                    p.page_number
                ),
            ));
        }
        if p.list.len() as i64 > PAGE_SIZE {
            return Err(decode(
                self.action,
                format!(
                    "page {page} lists {} items, more than the {PAGE_SIZE} asked for; check that endpoint is a CCC endpoint",
                    p.list.len()
                ),
            ));
        }
        if p.list.is_empty() {
            self.ended = true;
        }
        if let Some(slot) = usize::try_from(page - 1)
            .ok()
            .and_then(|i| self.results.get_mut(i))
        {
            *slot = p.list;
        }
        Ok(())
    }

    /// The pages' items, page by page, in page order (no copy into one list).
    pub(crate) fn into_pages(self) -> Vec<Vec<T>> {
        self.results
    }

    /// Every item, in page order.
    pub(crate) fn into_items(self) -> Vec<T> {
        let mut items = Vec::with_capacity(self.results.iter().map(Vec::len).sum());
        for page in self.results {
            items.extend(page);
        }
        items
    }
}

fn decode(action: &str, detail: String) -> AliyunError {
    AliyunError::Decode {
        action: action.to_string(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(number: i64, total: i64, items: usize) -> Page<u8> {
        Page {
            page_number: number,
            page_size: PAGE_SIZE,
            total_count: total,
            list: vec![0; items],
        }
    }

    #[test]
    fn pages_come_from_the_total_and_are_checked() {
        let first = page(1, 250, 100);
        let mut l = Listing::new("ListUsers", &first).unwrap();
        assert_eq!(l.pages, 3);
        l.add(1, first, 10).unwrap();
        l.add(3, page(3, 250, 50), 10).unwrap();
        assert!(!l.ended);
        l.add(2, page(0, 250, 0), 10).unwrap();
        assert!(l.ended, "an empty page ends the listing");
        assert_eq!(l.into_items().len(), 150);
        let mut l = Listing::new("ListUsers", &page(1, 250, 100)).unwrap();
        assert!(l.add(2, page(1, 250, 100), 10).is_err(), "page 2 as page 1");
        assert!(l.add(2, page(2, 250, 101), 10).is_err(), "too many items");
        assert!(l.add(2, page(2, 250, 1), MAX_LISTING_BYTES).is_err());
    }

    #[test]
    fn totals_are_bounded() {
        assert!(matches!(
            Listing::new("ListUsers", &page(1, MAX_ROSTER + 1, 100)),
            Err(AliyunError::TooMany { .. })
        ));
        assert!(Listing::new("ListUsers", &page(1, 3, 0)).is_err());
        assert_eq!(Listing::new("ListUsers", &page(1, 0, 0)).unwrap().pages, 1);
        assert_eq!(
            Listing::new("ListUsers", &page(1, MAX_ROSTER, 100))
                .unwrap()
                .pages,
            MAX_PAGES
        );
    }
}
