// Parts of the Editor screen (issue 8) drawn from a question alone: its options, premises and items as
// editable rows, the matching and sequencing keys, its references, the validator's findings, and the
// question as learners read it.
#pragma once

#include "app/app.hpp"
#include "core/bank.hpp"
#include "core/diagnostic.hpp"
#include "core/question_edit.hpp"

#include <functional>
#include <string>
#include <vector>

namespace examsim::app {

// Every field of a question; topics and case studies come from `bank` (the text being edited) and the
// loaded banks. Returns whether anything changed.
bool questionForm(const AppContext& ctx, const core::Bank& bank, core::Question& q);
// A topic of `bank` or of the loaded banks (except `exclude`); `noneLabel` offers "" when not null.
bool topicCombo(const char* id, const AppContext& ctx, const core::Bank& bank, std::string& topic, const char* noneLabel,
                const std::string& exclude);
// Rows of options, premises or items: id, text, rationale, move up and down, Remove; Add below. `marker`
// (single and multiple: the key radio or checkbox) is drawn at the start of each row; a matching
// question's premises carry the option each one matches (its key). The key follows every change
// (core/question_edit). Returns whether anything changed.
bool choiceRows(const AppContext& ctx, core::Question& q, core::ChoiceList list,
                const std::function<bool(std::size_t)>& marker = {});
// Sequencing: the correct order, with arrows.
bool sequencingKey(const AppContext& ctx, core::Question& q);
// Part, edition, clause and note of each reference, with Remove and Add; returns whether anything changed.
bool referencesEditor(std::vector<core::Reference>& refs);
// Whether a JSON pointer is `prefix` or lies under it.
bool underPointer(const std::string& pointer, const std::string& prefix);
// The validator's findings whose pointer lies under `pointer`, in file order.
std::vector<const core::Diagnostic*> findingsUnder(const std::vector<core::Diagnostic>& all, const std::string& pointer);
// Findings as coloured lines with their messages; `emptyText` when there are none.
void findingsList(const AppContext& ctx, const std::vector<const core::Diagnostic*>& findings, const char* emptyText);
// A case study of `bank` as edited, else of the loaded banks; null when none has the id.
const core::CaseStudy* findCaseStudy(const AppContext& ctx, const core::Bank& bank, const std::string& id);
// The question as a learner meets it on the paper (options in file order, no key), with its case study
// from `bank` (being edited) or the loaded banks.
void questionPreview(const AppContext& ctx, const core::Bank& bank, const core::Question& q);

} // namespace examsim::app
