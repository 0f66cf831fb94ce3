// Typed answers, as a learner enters them at a keyboard: option letters in the order shown ("b",
// "a,c"), true/false ("t", "f"), matching pairs ("1c 2a 3b") and sequences ("c a d b"). Shared by the
// terminal exam and the app's keyboard handling.
#pragma once

#include "core/paper.hpp"
#include "core/scoring.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace examsim::core {

struct InputError {
    std::string message;
};

std::variant<Answer, InputError> parseAnswerText(const PaperItem& item, std::string_view text);

// Puts matching pairs in the order their statements are shown, whatever order they were given in.
void sortMatchesByDisplay(const PaperItem& item, Answer& answer);

// The letter shown for display position i (0 -> 'A').
char displayLetter(std::size_t i);

// How an answer reads in display letters, e.g. "B", "A, C", "1C 2A", "C A D B", "True".
std::string answerText(const PaperItem& item, const Answer& answer);

} // namespace examsim::core
