//! `lint.allow`: rules switched off on purpose, in a question or for a
//! whole bank, each with the reason an instructor gives.
//!
//! An allow is a claim someone must be able to review, so one without a
//! reason, one naming no rule (a typo), and one that allows nothing (the
//! question was reworded since) are findings of their own.

use std::collections::HashSet;

use crate::bank::check::Field;
use crate::bank::{Bank, LintSettings};
use crate::text::closest;

use super::{ALLOW_WITHOUT_REASON, Finding, RULES, Scope, UNKNOWN_RULE, UNUSED_ALLOW, rule_named};

/// Drops the findings an allow covers, and adds the findings about the
/// allows themselves.
pub(super) fn apply(bank: &Bank, findings: Vec<Finding>) -> Vec<Finding> {
    let allows_in = |question: Option<usize>| -> Option<&LintSettings> {
        match question {
            Some(index) => bank.questions.get(index).map(|q| &q.meta.lint),
            None => Some(&bank.meta.lint),
        }
    };
    // (question, rule) of every allow that dropped a finding.
    let mut used: HashSet<(Option<usize>, &str)> = HashSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let name = finding.rule.name;
        // The question's own allow first, then the bank's. A bank-level
        // finding has no question, so only the bank's allow covers it.
        let by = [finding.question, None]
            .into_iter()
            .find(|place| allows_in(*place).is_some_and(|settings| settings.allow.contains_key(name)));
        match by {
            Some(place) => {
                used.insert((place, name));
            }
            None => kept.push(finding),
        }
    }
    check_allows(None, &bank.meta.lint, &used, &mut kept);
    for (index, question) in bank.questions.iter().enumerate() {
        if !question.meta.lint.is_empty() {
            check_allows(Some(index), &question.meta.lint, &used, &mut kept);
        }
    }
    kept
}

fn check_allows(
    question: Option<usize>,
    settings: &LintSettings,
    used: &HashSet<(Option<usize>, &str)>,
    findings: &mut Vec<Finding>,
) {
    let allowable = || {
        RULES
            .iter()
            .filter(|rule| rule.scope != Scope::Allow)
            .map(|rule| rule.name)
    };
    for (name, reason) in &settings.allow {
        let field = Field::Allow(name.clone());
        let Some(rule) = rule_named(name).filter(|rule| rule.scope != Scope::Allow) else {
            let hint = match closest(name, allowable()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the rules are: {}", allowable().collect::<Vec<_>>().join(", ")),
            };
            findings.push(Finding::new(
                &UNKNOWN_RULE,
                question,
                field,
                format!("`{name}` is not a lint rule that can be allowed, so this allows nothing"),
                hint,
            ));
            continue;
        };
        if reason.trim().is_empty() {
            findings.push(Finding::new(
                &ALLOW_WITHOUT_REASON,
                question,
                field.clone(),
                format!("`{name}` is allowed without a reason"),
                format!("say why the rule does not apply here, such as `{name} = \"wording taken from the course handbook\"`"),
            ));
        }
        if !used.contains(&(question, rule.name)) {
            let hint = if question.is_some() && rule.scope == Scope::Bank {
                format!(
                    "`{name}` looks at the whole bank: allow it in the bank's `lint.allow`, before the first question"
                )
            } else {
                "remove the allow: the rule finds nothing here any more".to_owned()
            };
            findings.push(Finding::new(
                &UNUSED_ALLOW,
                question,
                field,
                format!("`{name}` is allowed, but it has nothing to allow here"),
                hint,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::test_support::{allow, bank_of, rules_found, rules_in_bank, single};

    fn above() -> crate::bank::Question {
        single(
            "Which helps?",
            &["Rest", "Ice", "All of the above"],
            "All of the above",
        )
    }

    #[test]
    fn an_allow_with_a_reason_silences_its_rule() {
        let q = allow(above(), "all-of-the-above", "wording from the course handbook");
        assert!(rules_found(&q).is_empty());
    }

    #[test]
    fn an_allow_without_a_reason_is_a_finding() {
        let q = allow(above(), "all-of-the-above", " ");
        assert_eq!(rules_found(&q), ["allow-without-reason"]);
    }

    #[test]
    fn a_misspelt_or_needless_allow_is_a_finding() {
        let q = allow(above(), "all-of-the-abov", "handbook");
        assert_eq!(rules_found(&q), ["all-of-the-above", "unknown-rule"]);
        let q = allow(
            single("Which helps?", &["Rest", "Heat"], "Rest"),
            "all-of-the-above",
            "handbook",
        );
        assert_eq!(rules_found(&q), ["unused-allow"]);
        let q = allow(
            single("Which helps?", &["Rest", "Heat"], "Rest"),
            "unused-allow",
            "no",
        );
        assert_eq!(rules_found(&q), ["unknown-rule"]);
    }

    #[test]
    fn a_bank_allow_covers_every_question() {
        let mut bank = bank_of(vec![above(), above()]);
        bank.meta
            .lint
            .allow
            .insert("all-of-the-above".into(), "course style".into());
        assert!(rules_in_bank(&bank).is_empty());
    }
}
