// The question-bank model: what a bank file holds once it has been read and validated. Plain data, no
// JSON: only the loader knows the file format (docs/question-bank-format.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace examsim::core {

enum class Level { Foundation, Practitioner, Auditor };
enum class QuestionType { Single, Multiple, TrueFalse, Matching, Sequencing, AssertionReason };
enum class CognitiveLevel { Knowledge, Comprehension, Application, Analysis };
enum class Status { Draft, Ready };

inline constexpr Level kLevels[] = {Level::Foundation, Level::Practitioner, Level::Auditor};
inline constexpr QuestionType kQuestionTypes[] = {QuestionType::Single,   QuestionType::Multiple,
                                                  QuestionType::TrueFalse, QuestionType::Matching,
                                                  QuestionType::Sequencing, QuestionType::AssertionReason};
inline constexpr CognitiveLevel kCognitiveLevels[] = {CognitiveLevel::Knowledge, CognitiveLevel::Comprehension,
                                                      CognitiveLevel::Application, CognitiveLevel::Analysis};

// The names used in bank files ("foundation", "true_false", …).
std::string_view nameOf(Level v);
std::string_view nameOf(QuestionType v);
std::string_view nameOf(CognitiveLevel v);
std::string_view nameOf(Status v);
std::optional<Level> levelFromString(std::string_view s);
std::optional<QuestionType> questionTypeFromString(std::string_view s);
std::optional<CognitiveLevel> cognitiveLevelFromString(std::string_view s);
std::optional<Status> statusFromString(std::string_view s);

// The five fixed choices of an assertion-reason item, in order a-e.
inline constexpr std::string_view kAssertionReasonChoices[] = {
    "Both the assertion and the reason are true, and the reason explains the assertion.",
    "Both the assertion and the reason are true, but the reason does not explain the assertion.",
    "The assertion is true and the reason is false.",
    "The assertion is false and the reason is true.",
    "Both the assertion and the reason are false.",
};

struct Choice {
    std::string id;
    std::string text;
    std::string rationale;
};

struct Reference {
    std::string standard; // "ISO/IEC 20000" unless the bank says otherwise
    std::string part;     // may be empty for other standards
    int edition = 0;
    std::string clause;
    std::string note;
};

struct ItilAlignment {
    std::string version; // "v2", "v3", "2011", "4"
    std::string name;
};

struct Question {
    std::string id;
    Status status = Status::Ready;
    Level level = Level::Foundation;
    QuestionType type = QuestionType::Single;
    std::string stem;
    std::string assertion; // assertion_reason only
    std::string reason;    // assertion_reason only
    std::vector<Choice> options;  // single, multiple; matching: the lettered answers
    std::vector<Choice> premises; // matching: the numbered left column
    std::vector<Choice> items;    // sequencing
    // The key. single / assertion_reason: one id; multiple: the correct ids; sequencing: the order.
    std::vector<std::string> keyIds;
    bool keyTrue = false;                                        // true_false
    std::vector<std::pair<std::string, std::string>> keyPairs;   // matching: premise id -> option id
    double marks = 1.0;
    bool partialMarks = false;
    bool shuffle = true;
    std::string explanation;
    std::vector<Reference> references;
    std::string topic;
    std::vector<std::string> secondaryTopics;
    int difficulty = 1;
    CognitiveLevel cognitiveLevel = CognitiveLevel::Knowledge;
    std::string caseStudy;
    std::optional<ItilAlignment> itil;
    std::vector<std::string> tags;
    std::string pointer; // where it is in its file, e.g. "/questions/12"
};

struct Topic {
    std::string id;
    std::string title;
    std::string part;
    int edition = 0;
    std::string clause;
    std::string parent;
    std::string pointer;
};

struct CaseStudy {
    std::string id;
    std::string title;
    std::string text;
    std::optional<Level> level;
    std::string theme;
    std::string pointer;
};

struct BankInfo {
    std::string id;
    std::string title;
    std::string version;
    std::string language;
    std::string license;
    std::vector<std::string> authors;
    std::string standardName;
    std::string standardPart;
    int standardEdition = 0;
    std::string description;
};

struct Bank {
    std::string path;
    BankInfo info;
    std::vector<Topic> topics;
    std::vector<CaseStudy> caseStudies;
    std::vector<Question> questions;
};

} // namespace examsim::core
