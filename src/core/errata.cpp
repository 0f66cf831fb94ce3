#include "core/errata.hpp"

#include <cctype>
#include <fmt/format.h>

namespace examsim::core {

std::variant<std::int64_t, ErratumError> reportProblem(ProgressStore& store, const BankSet& banks,
                                                       const ErratumRequest& r) {
    if (!store.learner(r.learnerId))
        return ErratumError{fmt::format("no learner with id \"{}\"", r.learnerId)};
    std::string text = r.text;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (r.kind == ErratumKind::Other && text.empty())
        return ErratumError{"say what the problem is: a report of kind \"other\" needs a text"};
    if (text.size() > kMaxErratumText)
        return ErratumError{
            fmt::format("the text is {} characters long; keep it under {}", text.size(), kMaxErratumText)};
    bool known = banks.question(r.questionId) != nullptr;
    if (!r.attemptId.empty()) {
        const auto attempt = store.attempt(r.attemptId);
        if (!attempt) return ErratumError{fmt::format("no attempt with id \"{}\"", r.attemptId)};
        if (r.position) {
            if (*r.position >= attempt->questions)
                return ErratumError{fmt::format("attempt {} has {} questions; there is no question {}",
                                                r.attemptId, attempt->questions, *r.position + 1)};
            const Paper paper = store.loadPaper(r.attemptId);
            const std::string& atPosition = paper.items[*r.position].question.id;
            if (atPosition != r.questionId)
                return ErratumError{fmt::format("question {} of attempt {} is {}, not {}", *r.position + 1,
                                                r.attemptId, atPosition, r.questionId)};
            known = true; // a question of a stored paper may since have left the banks
        }
    }
    if (!known) return ErratumError{fmt::format("no question \"{}\" in the loaded banks", r.questionId)};
    Erratum e;
    e.learnerId = r.learnerId;
    e.questionId = r.questionId;
    e.kind = r.kind;
    e.text = text;
    e.attemptId = r.attemptId;
    e.position = r.attemptId.empty() ? std::nullopt : r.position;
    return store.addErratum(e);
}

} // namespace examsim::core
