// Coverage statistics of a bank set: questions per level, type, topic, part, difficulty and cognitive
// level. Drafts are counted apart: they are never delivered in exam mode.
#pragma once

#include "core/bank.hpp"
#include "core/bank_set.hpp"

#include <array>
#include <cstddef>
#include <map>
#include <string>

namespace examsim::core {

struct LevelStats {
    std::size_t questions = 0; // ready questions
    std::size_t drafts = 0;
    std::size_t caseStudies = 0; // case studies with at least one ready question of this level
    double marks = 0;
    std::array<std::size_t, 6> byType{};       // indexed by QuestionType
    std::array<std::size_t, 3> byDifficulty{}; // 1..3 at 0..2
    std::array<std::size_t, 4> byCognitive{};  // indexed by CognitiveLevel
    std::map<std::string, std::size_t> byPart; // part of ISO/IEC 20000 ("other" when none)
    std::map<std::string, std::size_t> byGroup; // top-level topic group
};

struct TopicStats {
    std::size_t questions = 0;           // ready questions with this primary topic
    std::array<std::size_t, 3> byLevel{}; // indexed by Level
    std::size_t secondary = 0;           // ready questions naming it as a secondary topic
};

struct Stats {
    std::size_t banks = 0;
    LevelStats total;
    std::array<LevelStats, 3> levels; // indexed by Level
    std::map<std::string, TopicStats> topics; // every known topic, also those without questions
};

Stats computeStats(const BankSet& set);
std::string statsText(const Stats& stats, const BankSet& set);
std::string statsJson(const Stats& stats, const BankSet& set); // documented in docs/cli.md

inline std::size_t index(Level l) { return static_cast<std::size_t>(l); }
inline std::size_t index(QuestionType t) { return static_cast<std::size_t>(t); }
inline std::size_t index(CognitiveLevel c) { return static_cast<std::size_t>(c); }

} // namespace examsim::core
