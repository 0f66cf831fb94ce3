#include "core/bank.hpp"

#include <array>

namespace examsim::core {

namespace {
constexpr std::array<std::string_view, 3> kLevelNames{"foundation", "practitioner", "auditor"};
constexpr std::array<std::string_view, 6> kTypeNames{"single",   "multiple",   "true_false",
                                                     "matching", "sequencing", "assertion_reason"};
constexpr std::array<std::string_view, 4> kCognitiveNames{"knowledge", "comprehension", "application", "analysis"};
constexpr std::array<std::string_view, 2> kStatusNames{"draft", "ready"};

template <typename E, std::size_t N>
std::optional<E> find(const std::array<std::string_view, N>& names, std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}
} // namespace

std::string_view nameOf(Level v) { return kLevelNames[static_cast<std::size_t>(v)]; }
std::string_view nameOf(QuestionType v) { return kTypeNames[static_cast<std::size_t>(v)]; }
std::string_view nameOf(CognitiveLevel v) { return kCognitiveNames[static_cast<std::size_t>(v)]; }
std::string_view nameOf(Status v) { return kStatusNames[static_cast<std::size_t>(v)]; }
std::optional<Level> levelFromString(std::string_view s) { return find<Level>(kLevelNames, s); }
std::optional<QuestionType> questionTypeFromString(std::string_view s) { return find<QuestionType>(kTypeNames, s); }
std::optional<CognitiveLevel> cognitiveLevelFromString(std::string_view s) {
    return find<CognitiveLevel>(kCognitiveNames, s);
}
std::optional<Status> statusFromString(std::string_view s) { return find<Status>(kStatusNames, s); }

} // namespace examsim::core
