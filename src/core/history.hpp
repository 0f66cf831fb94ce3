// What the engine needs to know of a learner's past answers when choosing questions. The progress
// store implements it; tests use InMemoryHistory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace examsim::core {

struct QuestionHistory {
    int timesAnswered = 0;
    int timesWrong = 0;
    bool lastCorrect = false;
    std::int64_t lastAnsweredAt = 0; // seconds since the epoch
};

class HistorySource {
public:
    virtual ~HistorySource() = default;
    // nullopt: the learner has never answered the question.
    virtual std::optional<QuestionHistory> history(const std::string& questionId) const = 0;
};

class InMemoryHistory : public HistorySource {
public:
    void record(const std::string& questionId, bool correct, std::int64_t at) {
        auto& h = m_entries[questionId];
        ++h.timesAnswered;
        if (!correct) ++h.timesWrong;
        h.lastCorrect = correct;
        h.lastAnsweredAt = at;
    }
    std::optional<QuestionHistory> history(const std::string& questionId) const override {
        const auto it = m_entries.find(questionId);
        if (it == m_entries.end()) return std::nullopt;
        return it->second;
    }

private:
    std::unordered_map<std::string, QuestionHistory> m_entries;
};

} // namespace examsim::core
