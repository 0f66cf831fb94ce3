// Parts of the Editor screen (issue 8) drawn from a question alone: its references as editable rows and
// the question as learners read it.
#pragma once

#include "app/app.hpp"
#include "core/bank.hpp"

#include <vector>

namespace examsim::app {

// Part, edition, clause and note of each reference, with Remove and Add; returns whether anything changed.
bool referencesEditor(std::vector<core::Reference>& refs);
// The question as a learner meets it on the paper (options in file order, no key).
void questionPreview(const AppContext& ctx, const core::Question& q);

} // namespace examsim::app
