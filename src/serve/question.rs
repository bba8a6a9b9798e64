//! One question as native form controls, and the posted form back into the
//! answer notation the session reads (so the browser's answers are parsed
//! and graded exactly as typed ones).

use maud::{Markup, html};

use crate::assemble::QuizItem;
use crate::bank::Answer;
use crate::bank::model::Image;
use crate::response::{Response, letter};

use super::sessions::Form;

/// The question's fieldset: its prompt as the legend, then its controls,
/// filled in with the answer given so far. A question about a case has the
/// case above it, as on the terminal and on papers; a must-pass question
/// says so in words beside the ◆ papers mark it with.
pub fn fieldset(item: &QuizItem, number: usize, count: usize, given: Option<&Response>) -> Markup {
    let meta = &item.question.meta;
    html! {
        @if let Some(case) = &item.scenario {
            section.case aria-label=(format!("Case: {}", case.title)) {
                h2 { "Case: " (case.title) }
                @if let Some(image) = &case.image { (picture(&item.bank_id, image)) }
                p { (case.case) }
            }
        }
        fieldset.question data-question-id=(meta.id.0) data-question-type=(item.question.answer.question_type().as_str()) {
            legend {
                span.number { "Question " (number) " of " (count) }
                @if meta.critical {
                    span.must-pass { "◆ must-pass: answer it correctly to pass" }
                }
                span.prompt { (meta.prompt) }
            }
            @if let Some(image) = &meta.image { (picture(&item.bank_id, image)) }
            (controls(item, given))
        }
    }
}

fn shown_index(item: &QuizItem, own: usize) -> Option<usize> {
    item.order.iter().position(|&i| i == own)
}

/// A bank's picture, served by `/media/BANK/FILE` (see `media.rs`).
pub fn picture(bank: &str, image: &Image) -> Markup {
    html! {
        img.picture src={ "/media/" (crate::text::url_path(bank)) "/" (crate::text::url_path(&image.file)) } alt=(image.alt);
    }
}

fn controls(item: &QuizItem, given: Option<&Response>) -> Markup {
    let lettered = item.lettered();
    let picture_of = |text: &str| {
        let image = item.question.answer.choice_images()?.1.get(text)?;
        Some(picture(&item.bank_id, image))
    };
    match &item.question.answer {
        Answer::Single(_) => {
            let picked = match given {
                Some(Response::Choice(i)) => shown_index(item, *i),
                _ => None,
            };
            choices("radio", &lettered, |k| picked == Some(k), picture_of)
        }
        Answer::Multiple(_) => {
            let picked: Vec<usize> = match given {
                Some(Response::Choices(list)) => list.iter().filter_map(|&i| shown_index(item, i)).collect(),
                _ => Vec::new(),
            };
            html! {
                p.hint { "Select every right answer." }
                (choices("checkbox", &lettered, |k| picked.contains(&k), picture_of))
            }
        }
        Answer::TrueFalse(_) => {
            let picked = match given {
                Some(Response::TrueFalse(value)) => Some(*value),
                _ => None,
            };
            html! {
                div.choices {
                    div.choice {
                        input type="radio" name="answer" id="answer-t" value="T" checked[picked == Some(true)];
                        label for="answer-t" { "True" }
                    }
                    div.choice {
                        input type="radio" name="answer" id="answer-f" value="F" checked[picked == Some(false)];
                        label for="answer-f" { "False" }
                    }
                }
            }
        }
        Answer::Short(_) => {
            let text = match given {
                Some(Response::Text(text)) => text.as_str(),
                _ => "",
            };
            html! {
                label.field for="answer" { "Your answer" }
                input #answer type="text" name="answer" value=(text) maxlength="200" autocomplete="off" spellcheck="false";
            }
        }
        Answer::Numeric(q) => {
            let value = match given {
                Some(Response::Number(value)) => value.to_string(),
                _ => String::new(),
            };
            html! {
                label.field for="answer" {
                    "Your answer"
                    @if let Some(unit) = &q.unit { " (in " (unit) ")" }
                }
                span.with-unit {
                    input #answer type="text" inputmode="decimal" name="answer" value=(value) maxlength="40" autocomplete="off";
                    @if let Some(unit) = &q.unit { span.unit aria-hidden="true" { (unit) } }
                }
            }
        }
        Answer::Order(_) => {
            // The steps in the learner's order so far, else as shown.
            let current: Vec<usize> = match given {
                Some(Response::Order(order)) => order.iter().filter_map(|&i| shown_index(item, i)).collect(),
                _ => (0..lettered.len()).collect(),
            };
            steps(&lettered, &current, given.is_some())
        }
        Answer::Match(q) => {
            let picked: Vec<Option<usize>> = match given {
                Some(Response::Pairs(pairs)) => pairs
                    .iter()
                    .map(|p| p.and_then(|i| shown_index(item, i)))
                    .collect(),
                _ => Vec::new(),
            };
            html! {
                p.hint { "Pick the match for each item." }
                div.pairs {
                    @for (n, pair) in q.pairs.iter().enumerate() {
                        div.pair {
                            label for={ "pair" (n + 1) } { (pair.left) }
                            select id={ "pair" (n + 1) } name={ "pair" (n + 1) } {
                                option value="" { "Choose…" }
                                @for (k, option) in lettered.iter().enumerate() {
                                    option value=(letter(k)) selected[picked.get(n).copied().flatten() == Some(k)] { (option) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Radio buttons or checkboxes, each labelled with its choice's text.
fn choices(
    kind: &str,
    lettered: &[&str],
    checked: impl Fn(usize) -> bool,
    picture: impl Fn(&str) -> Option<Markup>,
) -> Markup {
    html! {
        div.choices {
            @for (k, text) in lettered.iter().enumerate() {
                div.choice {
                    input type=(kind) name="answer" id={ "answer-" (k) } value=(letter(k)) checked[checked(k)];
                    label for={ "answer-" (k) } {
                        (text)
                        @if let Some(picture) = picture(text) { " " (picture) }
                    }
                }
            }
        }
    }
}

/// Steps to put in order: a list with move up / move down buttons. Without
/// JavaScript each button posts the form (saving the new order); with it,
/// the script moves the step in place and saves in the background.
fn steps(lettered: &[&str], current: &[usize], answered: bool) -> Markup {
    let last = current.len().saturating_sub(1);
    html! {
        p.hint #order-hint { "Put the steps in order, first at the top. Use the Up and Down buttons." }
        input type="hidden" name="order-touched" value=(if answered { "1" } else { "" });
        ol.steps aria-describedby="order-hint" {
            @for (place, &k) in current.iter().enumerate() {
                li.step {
                    input type="hidden" name="order" value=(letter(k));
                    span.step-text { (lettered[k]) }
                    span.moves {
                        button.move type="submit" name="move" value={ "up-" (place) } disabled[place == 0]
                            aria-label={ "Move up: " (lettered[k]) } { "↑ Up" }
                        button.move type="submit" name="move" value={ "down-" (place) } disabled[place == last]
                            aria-label={ "Move down: " (lettered[k]) } { "↓ Down" }
                    }
                }
            }
        }
        button.secondary type="submit" name="move" value="keep" { "Keep this order" }
    }
}

/// The answer in the notation, from the posted form; `None` when the form
/// carries no answer to save (nothing picked, steps not moved).
pub fn notation(item: &QuizItem, form: &Form) -> Option<String> {
    let text = match &item.question.answer {
        Answer::Single(_) | Answer::TrueFalse(_) | Answer::Short(_) | Answer::Numeric(_) => {
            form.get("answer").unwrap_or("").to_owned()
        }
        Answer::Multiple(_) => form.all("answer").collect::<Vec<_>>().join(","),
        Answer::Order(_) => {
            let mut order: Vec<String> = form.all("order").map(str::to_owned).collect();
            let moved = form.get("move").and_then(|m| apply_move(&mut order, m));
            // The order as first shown is an answer only when the learner
            // says so: moved a step, kept the order, or checked the answer.
            let chosen = moved.is_some()
                || form.get("order-touched") == Some("1")
                || form.get("move") == Some("keep")
                || form.get("go") == Some("check");
            if !chosen {
                return None;
            }
            order.join(",")
        }
        Answer::Match(q) => (1..=q.pairs.len())
            .filter_map(|n| {
                form.get(&format!("pair{n}"))
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{n}{v}"))
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    (!text.trim().is_empty()).then_some(text)
}

/// `up-2` / `down-0`: swaps a step with its neighbour; `Some` if it moved.
fn apply_move(order: &mut [String], action: &str) -> Option<()> {
    let (direction, place) = action.split_once('-')?;
    let place: usize = place.parse().ok()?;
    let other = match direction {
        "up" => place.checked_sub(1)?,
        "down" => place + 1,
        _ => return None,
    };
    (place < order.len() && other < order.len()).then(|| order.swap(place, other))
}

#[cfg(test)]
mod tests {
    use super::apply_move;

    #[test]
    fn a_step_moves_within_the_list_only() {
        let mut order: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        assert!(apply_move(&mut order, "up-1").is_some());
        assert_eq!(order, ["B", "A", "C"]);
        assert!(apply_move(&mut order, "down-2").is_none());
        assert!(apply_move(&mut order, "up-0").is_none());
        assert!(apply_move(&mut order, "sideways-1").is_none());
        assert_eq!(order, ["B", "A", "C"]);
    }
}
