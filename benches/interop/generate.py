"""Writes the 10,000-question inputs for benches/interop/compare.sh.

The same questions (single choice, select-all, true/false, short answer,
numeric, in turn) as GIFT for aidquiz and gift-pegjs, and as text2qti's
Markdown for text2qti. Deterministic: no randomness, so every run times
the same files.
"""

import sys

count = int(sys.argv[1])
gift_path, text2qti_path = sys.argv[2], sys.argv[3]

with open(gift_path, "w", encoding="utf-8") as gift, open(text2qti_path, "w", encoding="utf-8") as md:
    md.write("Quiz title: Generated\n\n")
    for i in range(count):
        kind = i % 5
        if i % 500 == 0:
            gift.write(f"$CATEGORY: $course$/top/topic-{i // 500}/Section {i // 500}\n\n")
        gift.write(f"// [tag:difficulty-medium] [tag:set-{i % 7}]\n")
        prompt = f"Question {i}, which answer fits case {i} of the first-aid course?"
        why = f"Because case {i} calls for it."
        md_number = f"{i + 1}."
        if kind == 0:
            gift.write(f"::q-{i}::{prompt}{{\n\t=Right {i}#Yes.\n\t~Wrong A {i}\n\t~Wrong B {i}\n\t~Wrong C {i}\n\t####{why}\n}}\n\n")
            md.write(f"{md_number} {prompt}\n... {why}\n*a) Right {i}\n... Yes.\nb) Wrong A {i}\nc) Wrong B {i}\nd) Wrong C {i}\n\n")
        elif kind == 1:
            gift.write(f"::q-{i}::{prompt}{{\n\t~%50%Right A {i}\n\t~%50%Right B {i}\n\t~%-50%Wrong A {i}\n\t~%-50%Wrong B {i}\n\t####{why}\n}}\n\n")
            md.write(f"{md_number} {prompt}\n... {why}\n[*] Right A {i}\n[*] Right B {i}\n[ ] Wrong A {i}\n[ ] Wrong B {i}\n\n")
        elif kind == 2:
            gift.write(f"::q-{i}::Statement {i} about first aid is true.{{TRUE####{why}}}\n\n")
            md.write(f"{md_number} Statement {i} about first aid is true.\n... {why}\n*a) True\nb) False\n\n")
        elif kind == 3:
            gift.write(f"::q-{i}::{prompt}{{\n\t=answer {i}\n\t=other answer {i}\n\t####{why}\n}}\n\n")
            md.write(f"{md_number} {prompt}\n... {why}\n* answer {i}\n* other answer {i}\n\n")
        else:
            gift.write(f"::q-{i}::How many minutes for case {i}?{{#{i % 60 + 1}:0.5####{why}}}\n\n")
            md.write(f"{md_number} How many minutes for case {i}?\n... {why}\n= {i % 60 + 1} +- 0.5\n\n")
