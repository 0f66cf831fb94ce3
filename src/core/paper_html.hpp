// Classroom papers: a printable paper (self-contained HTML with A4 print CSS) with questions lettered
// as learners see them and an answer sheet, and separately its answer key. The question ids printed on
// them are the columns of a marks CSV for item analysis.
#pragma once

#include "core/paper.hpp"
#include "core/profile.hpp"

#include <string>

namespace examsim::core {

std::string paperHtml(const Paper& paper, const ExamProfile& profile);
std::string answerKeyHtml(const Paper& paper, const ExamProfile& profile);

// The header line of a marks CSV for this paper: "attempt,<question id>,...".
std::string marksCsvHeader(const Paper& paper);

} // namespace examsim::core
