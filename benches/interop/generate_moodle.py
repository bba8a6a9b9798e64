"""Writes a GIFT file shaped like a real Moodle question-bank export, for
benches/interop/import-moodle.sh (issue #15).

What Moodle writes and a course bank has: a `// question: N  name: …`
comment before each question, `$CATEGORY:` switches, `[html]` texts, no
general feedback (so no explanation), no difficulty tags, per-answer
feedback on some choices, and a few images in the prompts. Single choice,
select-all, true/false, short answer and numeric in turn. Deterministic.
"""

import sys

count = int(sys.argv[1])
path = sys.argv[2]

with open(path, "w", encoding="utf-8") as gift:
    for i in range(count):
        if i % 250 == 0:
            gift.write(f"// question: 0  name: Switch category to $course$/top/Course {i // 2500}/Unit {i // 250}\n")
            gift.write(f"$CATEGORY: $course$/top/Course {i // 2500}/Unit {i // 250}\n\n")
        gift.write(f"// question: {1000 + i}  name: Q{i}\n")
        image = f'<img src\\="@@PLUGINFILE@@/figure-{i}.png" alt\\="Figure {i}" />' if i % 100 == 0 else ""
        prompt = f"[html]<p>Question {i}\\: which answer fits case {i} of the first-aid course?{image}</p>"
        kind = i % 5
        if kind == 0:
            gift.write(f"::Q{i}::{prompt}{{\n\t=Right {i}#Yes.\n\t~Wrong A {i}#No.\n\t~Wrong B {i}\n\t~Wrong C {i}\n}}\n\n")
        elif kind == 1:
            gift.write(f"::Q{i}::{prompt}{{\n\t~%50%Right A {i}\n\t~%50%Right B {i}\n\t~%-50%Wrong A {i}\n\t~%-50%Wrong B {i}\n}}\n\n")
        elif kind == 2:
            gift.write(f"::Q{i}::[html]<p>Statement {i} about first aid is true.</p>{{TRUE}}\n\n")
        elif kind == 3:
            gift.write(f"::Q{i}::{prompt}{{\n\t=%100%answer {i}#\n\t=%100%other answer {i}#\n}}\n\n")
        else:
            gift.write(f"::Q{i}::[html]<p>How many minutes for case {i}?</p>{{#\n\t=%100%{i % 60 + 1}:0.5#\n}}\n\n")
