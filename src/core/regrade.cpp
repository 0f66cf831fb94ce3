#include "core/regrade.hpp"

#include "core/question_json.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace examsim::core {

namespace {

bool hasId(const std::vector<Choice>& list, const std::string& id) {
    return std::any_of(list.begin(), list.end(), [&](const Choice& c) { return c.id == id; });
}

// Why the stored answer cannot be scored against the current question ("" when it can): an answer
// naming an option the question no longer has would silently score 0.
std::string mismatch(const Question& current, const Question& delivered, const Answer& a) {
    if (current.type != delivered.type)
        return fmt::format("the question type changed from {} to {}", nameOf(delivered.type),
                           nameOf(current.type));
    for (const auto& id : a.selected) {
        bool known = true;
        switch (current.type) {
        case QuestionType::Single:
        case QuestionType::Multiple:
            known = hasId(current.options, id);
            break;
        case QuestionType::Sequencing:
            known = hasId(current.items, id);
            break;
        default:
            break;
        }
        if (!known) return fmt::format("the answer names \"{}\", which the question no longer has", id);
    }
    for (const auto& [premise, option] : a.matches)
        if (!hasId(current.premises, premise) || !hasId(current.options, option))
            return fmt::format("the answer matches \"{}\" to \"{}\", which the question no longer has",
                               premise, option);
    return "";
}

bool passes(double score, double max, double passMarkPercent) {
    return max > 0 && score * 100.0 >= passMarkPercent * max - 1e-9;
}

} // namespace

RegradePlan planRegrade(const ProgressStore& store, const Question& current) {
    RegradePlan plan;
    plan.questionId = current.id;
    const std::string keyHash = sha256Hex(questionToCanonicalJson(current));
    std::map<std::string, double>
        running; // attempt -> adjusted score so far, for several uses in one attempt
    for (const auto& item : store.regradeItems(current.id)) {
        ++plan.itemsChecked;
        if (auto why = mismatch(current, item.snapshot, item.answer); !why.empty()) {
            plan.skipped.push_back(fmt::format("attempt {} (learner {}), question {}: {}; not regraded",
                                               item.attemptId, item.learnerName, item.position + 1, why));
            continue;
        }
        Question scored = current;
        scored.marks = item.snapshot.marks; // the paper's marks stand
        const double newEarned = scoreAnswer(scored, item.answer);
        if (std::abs(newEarned - item.currentEarned) < 1e-9) continue;
        auto [it, fresh] = running.try_emplace(item.attemptId, item.score);
        RegradeChange c;
        c.learnerName = item.learnerName;
        c.profileId = item.profileId;
        c.startedAt = item.startedAt;
        c.maxScore = item.maxScore;
        c.oldScore = it->second;
        c.newScore = it->second + newEarned - item.currentEarned;
        it->second = c.newScore;
        c.record.attemptId = item.attemptId;
        c.record.questionId = current.id;
        c.record.position = item.position;
        c.record.oldEarned = item.currentEarned;
        c.record.newEarned = newEarned;
        c.record.oldPassed = fresh ? item.passed : passes(c.oldScore, c.maxScore, item.passMarkPercent);
        c.record.newPassed = passes(c.newScore, c.maxScore, item.passMarkPercent);
        c.record.newScore = c.newScore;
        c.record.newPercent = c.newPercent();
        c.record.keyHash = keyHash;
        c.record.reason = fmt::format("regrade of {} against its current key", current.id);
        plan.changes.push_back(std::move(c));
    }
    return plan;
}

void applyRegrade(ProgressStore& store, const RegradePlan& plan) {
    std::vector<AdjustmentRecord> records;
    for (const auto& c : plan.changes) records.push_back(c.record);
    if (!records.empty()) store.appendAdjustments(records);
}

} // namespace examsim::core
