// Assembling papers: the questions of one attempt, in order, with each question's option order. A
// paper holds copies of its questions, so an attempt survives changes to the banks.
#pragma once

#include "core/bank.hpp"
#include "core/bank_set.hpp"
#include "core/history.hpp"
#include "core/profile.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace examsim::core {

struct PaperItem {
    Question question;                // snapshot as delivered
    std::string caseStudyTitle;       // empty when not a case-study item
    std::string caseStudyText;
    std::string group;                // top-level topic of the primary topic
    std::string part;                 // part of ISO/IEC 20000 ("" when none)
    // Display order, as indexes into question.options / premises / items.
    std::vector<int> optionOrder;
    std::vector<int> premiseOrder;
    std::vector<int> itemOrder;
};

struct Paper {
    std::string profileId;
    std::uint64_t seed = 0;
    std::vector<PaperItem> items;
    double totalMarks() const;
};

enum class HistoryPreference {
    UnseenThenOldestWrong, // default: new questions first, then those got wrong longest ago
    Random,                // ignore history
};

struct AssemblyOptions {
    std::uint64_t seed = 0;
    const HistorySource* history = nullptr;
    HistoryPreference preference = HistoryPreference::UnseenThenOldestWrong;
};

struct AssemblyError {
    std::string message;
};

std::variant<Paper, AssemblyError> assemblePaper(const BankSet& banks, const ExamProfile& profile,
                                                 const AssemblyOptions& options);

// A custom drill: questions of the given levels and topics (any when empty), optionally only those
// the learner got wrong last time or has never seen. Drafts are never included.
struct DrillSpec {
    std::vector<Level> levels;
    std::vector<std::string> topics;
    std::vector<QuestionType> types; // any when empty
    int count = 10;
    enum class Filter { All, WrongLastTime, NotSeen } filter = Filter::All;
};

std::variant<Paper, AssemblyError> assembleDrill(const BankSet& banks, const DrillSpec& spec, const AssemblyOptions& options);

// Whether the topic is `ancestor` or lies below it.
bool topicUnder(const BankSet& banks, const std::string& topic, const std::string& ancestor);

// Issue 9: one question made ready for a paper (option order shuffled by `seed`), for sessions that
// choose their own questions and order (the Due session).
PaperItem paperItemFor(const BankSet& banks, const Question& q, std::uint64_t seed);

} // namespace examsim::core
