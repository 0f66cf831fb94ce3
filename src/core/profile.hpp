// Exam profiles (question-banks/exams.json): the format of each exam — what it draws, how long it
// lasts, its pass mark and credit equivalent — and the blueprint that balances every paper.
#pragma once

#include "core/bank.hpp"
#include "core/diagnostic.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace examsim::core {

struct BlueprintEntry {
    std::string label;               // shown in messages and reports
    std::vector<std::string> topics; // a question matches if its primary topic is one of these or below one
    int count = 0;                   // questions, or case studies for case-study profiles
};

struct ExamProfile {
    std::string id;
    std::string title;
    std::string description;
    bool practiceFormat = false; // the format is ours (no published one exists): say so in the app
    std::vector<Level> levels;
    std::vector<QuestionType> types;
    int edition = 2018;
    int questions = 0;           // question-count profiles
    int caseStudies = 0;         // case-study profiles: whole case studies of `marksPerCaseStudy` each
    double marksPerCaseStudy = 0;
    int timeLimitMinutes = 0;    // 0 = untimed
    double passMarkPercent = 0;
    bool openBook = false;
    double credits = 0;          // ITIL Expert credit equivalent when passed in exam mode
    std::vector<BlueprintEntry> blueprint;
    std::string pointer;

    bool usesCaseStudies() const { return caseStudies > 0; }
};

struct ProfileSet {
    std::vector<ExamProfile> profiles;
    std::vector<Diagnostic> diagnostics;
    const ExamProfile* find(const std::string& id) const;
};

// Reads a profiles file; profiles with errors are reported and left out. Topic ids in blueprints are
// checked against `knownTopic` when given.
ProfileSet loadProfiles(const std::filesystem::path& path, const std::function<bool(const std::string&)>& knownTopic = {});

} // namespace examsim::core

namespace examsim::core {
class BankSet;
// The profiles of every bank folder given that holds an exams.json, checked against the topics of
// `banks`. A profile id defined twice is an error in the later file.
ProfileSet loadProfilesFrom(const std::vector<std::filesystem::path>& bankPaths, const BankSet& banks);
} // namespace examsim::core
