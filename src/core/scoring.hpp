// Scoring: marks per item by the rules of each question type, and the paper's result with its
// breakdowns by topic group, topic and part.
#pragma once

#include "core/bank.hpp"
#include "core/paper.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace examsim::core {

// A learner's answer. single / multiple / assertion_reason: the chosen option ids (assertion-reason
// "a".."e"); true_false: "true" or "false"; sequencing: item ids in the learner's order; matching:
// premise id -> option id pairs (a premise left out is unanswered).
struct Answer {
    std::vector<std::string> selected;
    std::vector<std::pair<std::string, std::string>> matches;
    bool empty() const { return selected.empty() && matches.empty(); }
    bool operator==(const Answer&) const = default;
};

// Marks earned, from 0 to question.marks.
double scoreAnswer(const Question& question, const Answer& answer);
bool isCorrect(const Question& question, const Answer& answer); // full marks
Answer keyAnswer(const Question& question);                      // the answer that earns full marks

struct ItemResult {
    std::string questionId;
    std::string topic;
    std::string group;
    std::string part;
    double marks = 0;
    double earned = 0;
    bool answered = false;
    bool correct = false;
    std::int64_t timeMs = 0;
};

struct Breakdown {
    std::string key; // topic group, topic id or part ("other" when none)
    int questions = 0;
    int correct = 0;
    double earned = 0;
    double available = 0;
    double percent() const { return available > 0 ? 100.0 * earned / available : 0.0; }
};

struct Result {
    double raw = 0;
    double max = 0;
    double percent = 0;
    double passMarkPercent = 0;
    bool passed = false;
    double credits = 0; // the profile's credit equivalent when passed in exam mode, else 0
    std::int64_t timeUsedMs = 0;
    int answered = 0;
    std::vector<ItemResult> items;
    std::vector<Breakdown> byGroup; // in order of first appearance on the paper
    std::vector<Breakdown> byTopic;
    std::vector<Breakdown> byPart;
};

struct ScoringRules {
    double passMarkPercent = 0;
    double creditsIfPassed = 0; // 0 for study, drills and papers that earn nothing
};

Result scorePaper(const Paper& paper, const std::vector<Answer>& answers, const std::vector<std::int64_t>& timesMs,
                  const ScoringRules& rules, std::int64_t timeUsedMs);

} // namespace examsim::core
