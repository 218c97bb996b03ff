//! Where a passage that is not in the article (a quote, a figure's text) comes nearest to it,
//! word by word: which of its words differ from the article's, so that an error marks only
//! those, and what the article has there.
//!
//! The passage's words are aligned with a stretch of the article's words anywhere in it
//! (semi-global edit distance over words, after [`fold_for_quote`]). The work is bounded: an
//! article and passage whose product of word counts is above [`MAX_CELLS`] are not compared, and
//! a passage of which more than half the words differ is no near miss.

use super::fields::fold_for_quote;

/// The most (passage words × article words) compared: about 50 ms.
const MAX_CELLS: usize = 40_000_000;

/// A passage's near miss: the runs of its words that differ (as word index ranges of
/// [`words`]), and for each what the article has in their place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    pub runs: Vec<Stretch>,
}

/// One run of differing words: the passage's words `words` (a range, empty where the article has
/// words the passage leaves out, then placed before the word at `words.start`) and the article's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    pub words: std::ops::Range<usize>,
    pub article: String,
}

/// The words of `text` (split on white space) with their byte ranges.
pub fn words(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

/// The near miss of `passage` in `body`, if the article has a stretch of words that differs from
/// it in at most half its words.
pub fn near_miss(body: &str, passage: &str) -> Option<NearMiss> {
    let quote: Vec<String> = words(passage)
        .into_iter()
        .map(|(_, w)| fold_for_quote(w))
        .collect();
    let folded = fold_for_quote(body);
    let article: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let (m, n) = (quote.len(), article.len());
    if m == 0 || n == 0 || m.saturating_mul(n) > MAX_CELLS {
        return None;
    }
    let align = Alignment {
        quote: &quote,
        article: &article,
    };
    let (end, cost) = align.cheapest_end()?;
    if cost == 0 || cost * 2 > m {
        return None;
    }
    // The stretch that can hold the alignment, traced word by word.
    let start = end.saturating_sub(m + cost);
    let (differs, theirs) = align.trace(&article[start..end]);
    Some(NearMiss {
        runs: runs(&differs, theirs),
    })
}

/// A passage's folded words against an article's.
struct Alignment<'a> {
    quote: &'a [String],
    article: &'a [&'a str],
}

impl Alignment<'_> {
    /// 1 when the passage's word `i` does not match the article's `word`, else 0. A passage,
    /// like a quote found verbatim, may begin and end inside an article's word (after its
    /// quotation mark, before its full stop); the words between match whole.
    fn unlike(&self, i: usize, word: &str) -> u32 {
        let m = self.quote.len();
        let q = self.quote[i].as_str();
        let same = match (i == 0, i + 1 == m) {
            (true, true) => word.contains(q),
            (true, false) => word.ends_with(q),
            (false, true) => word.starts_with(q),
            (false, false) => word == q,
        };
        u32::from(!same)
    }

    /// Where in the article the cheapest alignment of the whole passage ends, and its cost
    /// (the last of equals, so that a last word that differs is a changed word, not one the
    /// article lacks). Two rows of the table at a time.
    fn cheapest_end(&self) -> Option<(usize, usize)> {
        let n = self.article.len();
        let mut prev: Vec<u32> = vec![0; n + 1];
        let mut cur: Vec<u32> = vec![0; n + 1];
        for i in 0..self.quote.len() {
            cur[0] = i as u32 + 1;
            for j in 1..=n {
                let same = self.unlike(i, self.article[j - 1]);
                cur[j] = (prev[j - 1] + same).min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev.iter()
            .enumerate()
            .min_by_key(|(j, c)| (**c, std::cmp::Reverse(*j)))
            .map(|(j, c)| (j, *c as usize))
    }

    /// The passage aligned with the whole of `window`: which of its words differ, and before
    /// each word (and at the end) the article's words in their place.
    fn trace<'w>(&self, window: &[&'w str]) -> (Vec<bool>, Vec<Vec<&'w str>>) {
        let (m, w) = (self.quote.len(), window.len());
        let mut table = vec![vec![0u32; w + 1]; m + 1];
        for (i, row) in table.iter_mut().enumerate() {
            row[0] = i as u32;
        }
        for i in 1..=m {
            for j in 1..=w {
                let same = self.unlike(i - 1, window[j - 1]);
                table[i][j] = (table[i - 1][j - 1] + same)
                    .min(table[i - 1][j] + 1)
                    .min(table[i][j - 1] + 1);
            }
        }
        // Trace back from (m, w): each step says whether quote word i is kept, changed or
        // extra, and which article words the quote leaves out. Ties prefer a change, then an
        // extra word.
        let mut differs = vec![false; m];
        let mut theirs: Vec<Vec<&str>> = vec![Vec::new(); m + 1];
        let (mut i, mut j) = (m, w);
        while i > 0 {
            let here = table[i][j];
            if j > 0 && here == table[i - 1][j - 1] + self.unlike(i - 1, window[j - 1]) {
                if self.unlike(i - 1, window[j - 1]) == 1 {
                    differs[i - 1] = true;
                    theirs[i - 1].push(window[j - 1]);
                }
                i -= 1;
                j -= 1;
            } else if here == table[i - 1][j] + 1 {
                differs[i - 1] = true;
                i -= 1;
            } else {
                // An article word the passage leaves out, before quote word i.
                theirs[i].push(window[j - 1]);
                j -= 1;
            }
        }
        (differs, theirs)
    }
}

/// Consecutive differing words as runs, each with the article's words in their place; article
/// words the passage leaves out between two kept words make a run of no words of its own.
fn runs(differs: &[bool], theirs: Vec<Vec<&str>>) -> Vec<Stretch> {
    let m = differs.len();
    let mut out: Vec<Stretch> = Vec::new();
    let mut i = 0;
    while i <= m {
        // Words left out before word i (or at the end), while no run is open.
        if !theirs[i].is_empty() && (i == m || !differs[i]) {
            let mut gap = theirs[i].clone();
            gap.reverse();
            out.push(Stretch {
                words: i..i,
                article: gap.join(" "),
            });
        }
        if i < m && differs[i] {
            let start = i;
            let mut article: Vec<&str> = Vec::new();
            while i < m && differs[i] {
                let mut mine = theirs[i].clone();
                mine.reverse();
                article.extend(mine);
                i += 1;
            }
            out.push(Stretch {
                words: start..i,
                article: article.join(" "),
            });
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn differing(body: &str, passage: &str) -> Vec<(String, String)> {
        let w = words(passage);
        near_miss(body, passage)
            .map(|n| {
                n.runs
                    .iter()
                    .map(|r| {
                        let mine: Vec<&str> = w[r.words.clone()].iter().map(|(_, s)| *s).collect();
                        (mine.join(" "), r.article.clone())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn one_changed_word_is_the_only_difference() {
        let body = "Officials said the USA would send more troops to the region next month.";
        assert_eq!(
            differing(body, "the US would send more troops to the region"),
            [("US".to_string(), "USA".to_string())]
        );
    }

    #[test]
    fn words_left_out_and_added_are_runs_of_their_own() {
        let body = "We are still here and we will stay here for good.";
        assert_eq!(
            differing(body, "We are here and we will stay here forever for good."),
            [
                (String::new(), "still".to_string()),
                ("forever".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn a_passage_mostly_not_in_the_article_is_no_near_miss() {
        let body = "The talks ended without an agreement on Tuesday.";
        assert_eq!(near_miss(body, "Nobody came to the meeting at all"), None);
        assert_eq!(near_miss(body, "The talks ended"), None, "found: no miss");
    }

    #[test]
    fn typography_and_spacing_are_no_difference() {
        let body = "He said: “We won’t  leave” — and left.";
        assert_eq!(
            differing(body, "\"We won't leave\" - and stayed."),
            [("stayed.".to_string(), "left.".to_string())]
        );
    }

    #[test]
    fn words_keep_their_byte_ranges() {
        assert_eq!(
            words(" a  bé\nc "),
            [(1..2, "a"), (4..7, "bé"), (8..9, "c")]
        );
    }
}
