#include "core/scoring.hpp"

#include <algorithm>
#include <set>

namespace examsim::core {

Answer keyAnswer(const Question& q) {
    Answer a;
    switch (q.type) {
    case QuestionType::TrueFalse: a.selected = {q.keyTrue ? "true" : "false"}; break;
    case QuestionType::Matching: a.matches = q.keyPairs; break;
    default: a.selected = q.keyIds; break;
    }
    return a;
}

double scoreAnswer(const Question& q, const Answer& a) {
    if (a.empty()) return 0;
    switch (q.type) {
    case QuestionType::Single:
    case QuestionType::AssertionReason:
        return a.selected.size() == 1 && q.keyIds.size() == 1 && a.selected[0] == q.keyIds[0] ? q.marks : 0;
    case QuestionType::TrueFalse:
        return a.selected.size() == 1 && a.selected[0] == (q.keyTrue ? "true" : "false") ? q.marks : 0;
    case QuestionType::Multiple: {
        const std::set<std::string> keys(q.keyIds.begin(), q.keyIds.end());
        const std::set<std::string> chosen(a.selected.begin(), a.selected.end());
        int right = 0, wrong = 0;
        for (const auto& c : chosen) (keys.count(c) ? right : wrong)++;
        if (chosen == keys) return q.marks;
        if (!q.partialMarks || keys.empty()) return 0;
        return q.marks * std::max(0, right - wrong) / static_cast<double>(keys.size());
    }
    case QuestionType::Matching: {
        int right = 0;
        for (const auto& [premise, option] : q.keyPairs)
            for (const auto& m : a.matches)
                if (m.first == premise && m.second == option) {
                    ++right;
                    break;
                }
        const int total = static_cast<int>(q.keyPairs.size());
        if (total > 0 && right == total) return q.marks;
        return q.partialMarks && total > 0 ? q.marks * right / total : 0;
    }
    case QuestionType::Sequencing: {
        int right = 0;
        const int total = static_cast<int>(q.keyIds.size());
        for (std::size_t i = 0; i < q.keyIds.size() && i < a.selected.size(); ++i)
            if (a.selected[i] == q.keyIds[i]) ++right;
        if (total > 0 && right == total && a.selected.size() == q.keyIds.size()) return q.marks;
        return q.partialMarks && total > 0 ? q.marks * right / total : 0;
    }
    }
    return 0;
}

bool isCorrect(const Question& q, const Answer& a) { return scoreAnswer(q, a) >= q.marks - 1e-9; }

namespace {
Breakdown& entry(std::vector<Breakdown>& list, const std::string& key) {
    for (auto& b : list)
        if (b.key == key) return b;
    list.push_back(Breakdown{key});
    return list.back();
}
} // namespace

Result scorePaper(const Paper& paper, const std::vector<Answer>& answers, const std::vector<std::int64_t>& timesMs,
                  const ScoringRules& rules, std::int64_t timeUsedMs) {
    Result r;
    r.passMarkPercent = rules.passMarkPercent;
    r.timeUsedMs = timeUsedMs;
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        const PaperItem& item = paper.items[i];
        const Question& q = item.question;
        const Answer empty;
        const Answer& a = i < answers.size() ? answers[i] : empty;
        ItemResult ir;
        ir.questionId = q.id;
        ir.topic = q.topic;
        ir.group = item.group;
        ir.part = item.part.empty() ? "other" : item.part;
        ir.marks = q.marks;
        ir.earned = scoreAnswer(q, a);
        ir.answered = !a.empty();
        ir.correct = isCorrect(q, a);
        ir.timeMs = i < timesMs.size() ? timesMs[i] : 0;
        r.raw += ir.earned;
        r.max += ir.marks;
        if (ir.answered) ++r.answered;
        for (auto* b : {&entry(r.byGroup, ir.group), &entry(r.byTopic, ir.topic), &entry(r.byPart, ir.part)}) {
            ++b->questions;
            if (ir.correct) ++b->correct;
            b->earned += ir.earned;
            b->available += ir.marks;
        }
        r.items.push_back(std::move(ir));
    }
    r.percent = r.max > 0 ? 100.0 * r.raw / r.max : 0.0;
    // 26 of 40 at a 65 % pass mark passes: compare marks, not rounded percentages.
    r.passed = r.max > 0 && r.raw * 100.0 >= rules.passMarkPercent * r.max - 1e-9;
    r.credits = r.passed ? rules.creditsIfPassed : 0.0;
    return r;
}

} // namespace examsim::core
