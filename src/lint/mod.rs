//! `aidquiz lint`: rules that catch badly written questions (cues a
//! test-wise learner can use, stems that mislead, explanations that do not
//! explain) before learners see them.
//!
//! Pure: a bank that passed `check` in, findings out. Each finding names its
//! question and the [`Field`] it is about; the command turns that into a
//! file, line and column. Every rule, its threshold and its reason is
//! documented in docs/lint.md.

mod allow;
mod bank;
mod choices;
pub mod cues;
mod explanation;
mod length;
mod placeholder;
mod stem;
mod words;

use crate::bank::Bank;
use crate::bank::check::Field;
use crate::diagnostic::Severity;

/// A lint rule: its name (used in output and in `lint.allow`) and how
/// serious its findings are.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub name: &'static str,
    pub severity: Severity,
    pub scope: Scope,
}

/// What a rule looks at, and so where it can be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One question at a time; allowed in the question or in the bank.
    Question,
    /// The bank's questions together; allowed in the bank only.
    Bank,
    /// Findings about `lint.allow` itself; never allowed.
    Allow,
}

impl Rule {
    const fn question(name: &'static str, severity: Severity) -> Rule {
        Rule {
            name,
            severity,
            scope: Scope::Question,
        }
    }
}

use Severity::{Error, Warning};

pub const ALL_OF_THE_ABOVE: Rule = Rule::question("all-of-the-above", Warning);
pub const NONE_OF_THE_ABOVE: Rule = Rule::question("none-of-the-above", Warning);
pub const NEGATIVE_STEM: Rule = Rule::question("negative-stem", Warning);
pub const ABSOLUTE_DISTRACTOR: Rule = Rule::question("absolute-distractor", Warning);
pub const LONGEST_KEY: Rule = Rule::question("longest-key", Warning);
pub const GRAMMAR_CUE: Rule = Rule::question("grammar-cue", Warning);
/// An error: a learner cannot tell the two choices apart, so the question
/// has two right answers or a right answer that is also wrong.
pub const DUPLICATE_CHOICE: Rule = Rule::question("duplicate-choice", Error);
pub const NEAR_DUPLICATE_CHOICE: Rule = Rule::question("near-duplicate-choice", Warning);
pub const CONVERGENCE_CUE: Rule = Rule::question("convergence-cue", Warning);
pub const STEM_TOO_LONG: Rule = Rule::question("stem-too-long", Warning);
pub const CHOICE_TOO_LONG: Rule = Rule::question("choice-too-long", Warning);
pub const MISSING_EXPLANATION: Rule = Rule::question("missing-explanation", Warning);
pub const EXPLANATION_REPEATS_KEY_ONLY: Rule = Rule::question("explanation-repeats-key-only", Warning);
/// One question's text gives away another's answer in the same bank, so a
/// quiz or exam that draws both can be answered by copying across.
pub const CROSS_QUESTION_CUE: Rule = Rule::question("cross-question-cue", Warning);
/// A field still holds the placeholder `aidquiz import` wrote.
pub const IMPORT_PLACEHOLDER: Rule = Rule::question("import-placeholder", Warning);
/// An error: the bank lists its source's headings, and the question names
/// none of them, so a reviewer cannot check it against the source.
pub const SECTION_UNKNOWN: Rule = Rule::question("section-unknown", Error);
pub const KEY_POSITION: Rule = Rule {
    name: "key-position",
    severity: Warning,
    scope: Scope::Bank,
};
pub const TRUE_FALSE_BALANCE: Rule = Rule {
    name: "true-false-balance",
    severity: Warning,
    scope: Scope::Bank,
};
/// An error: a misspelt rule name allows nothing, silently.
pub const UNKNOWN_RULE: Rule = Rule {
    name: "unknown-rule",
    severity: Error,
    scope: Scope::Allow,
};
pub const ALLOW_WITHOUT_REASON: Rule = Rule {
    name: "allow-without-reason",
    severity: Warning,
    scope: Scope::Allow,
};
pub const UNUSED_ALLOW: Rule = Rule {
    name: "unused-allow",
    severity: Warning,
    scope: Scope::Allow,
};

/// Every rule, in the order docs/lint.md describes them.
pub const RULES: &[&Rule] = &[
    &ALL_OF_THE_ABOVE,
    &NONE_OF_THE_ABOVE,
    &NEGATIVE_STEM,
    &ABSOLUTE_DISTRACTOR,
    &LONGEST_KEY,
    &GRAMMAR_CUE,
    &DUPLICATE_CHOICE,
    &NEAR_DUPLICATE_CHOICE,
    &CONVERGENCE_CUE,
    &STEM_TOO_LONG,
    &CHOICE_TOO_LONG,
    &KEY_POSITION,
    &TRUE_FALSE_BALANCE,
    &MISSING_EXPLANATION,
    &EXPLANATION_REPEATS_KEY_ONLY,
    &IMPORT_PLACEHOLDER,
    &CROSS_QUESTION_CUE,
    &SECTION_UNKNOWN,
    &UNKNOWN_RULE,
    &ALLOW_WITHOUT_REASON,
    &UNUSED_ALLOW,
];

/// The rule called `name`, if there is one.
pub fn rule_named(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.name == name)
}

/// One thing wrong with a question or a bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The question's index in `bank.questions`; `None` for the bank as a whole.
    pub question: Option<usize>,
    pub field: Field,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Finding {
    fn new(
        rule: &'static Rule,
        question: Option<usize>,
        field: Field,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            question,
            field,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// A count (of questions, characters) as a float for ratios. Counts here are
/// far below 2^52, so the conversion is exact.
#[allow(clippy::cast_precision_loss)]
fn float(count: usize) -> f64 {
    count as f64
}

/// Every finding in `bank`, with the rules its `lint.allow` settings allow
/// left out, in question order (findings about the bank as a whole last).
pub fn lint_bank(bank: &Bank) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, question) in bank.questions.iter().enumerate() {
        stem::check(index, question, &mut findings);
        choices::check(index, question, &mut findings);
        length::check(index, question, &mut findings);
        if !placeholder::check(index, question, &mut findings) {
            explanation::check(index, question, &mut findings);
        }
        bank::check_section(&bank.meta.sections, index, question, &mut findings);
    }
    bank::check_cross_cues(bank, &mut findings);
    bank::check_key_position(bank, &mut findings);
    bank::check_true_false_balance(bank, &mut findings);
    allow::apply(bank, findings)
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::{RULES, Scope, rule_named};

    #[test]
    fn rule_names_are_unique_slugs() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(crate::bank::check::is_slug(rule.name), "{}", rule.name);
            assert_eq!(rule_named(rule.name).map(|r| r.name), Some(rule.name));
            assert!(RULES[..index].iter().all(|earlier| earlier.name != rule.name));
        }
        assert!(RULES.iter().any(|rule| rule.scope == Scope::Bank));
    }

    /// docs/lint.md has a section per rule, with a bad and a good example.
    #[test]
    fn every_rule_is_documented() {
        let docs = include_str!("../../docs/lint.md");
        for rule in RULES {
            let heading = format!("### `{}`", rule.name);
            assert!(docs.contains(&heading), "docs/lint.md lacks {heading}");
        }
    }
}
