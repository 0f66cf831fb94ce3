// Lint: checks of question quality beyond validity (near-duplicates, give-away keys, key-position
// balance, "all of the above", unemphasised negatives, missing explanations, odd option lengths, thin
// blueprint coverage), each with a position and a suggested fix, and a health score per bank.
// The checks, thresholds and score are documented in docs/lint.md.
#pragma once

#include "core/bank.hpp"
#include <filesystem>
#include <string>
#include <vector>

namespace examsim::core {

class BankSet;
class SourceFile;

struct LintFinding {
    std::string check; // "near-duplicate", "key-longest", … (docs/lint.md)
    std::string file;
    int line = 0; // 1-based; 0 when not located
    int column = 0;
    std::string pointer; // JSON Pointer in `file`
    std::string bankId;
    std::string questionId; // empty for bank-level and blueprint findings
    std::string message;
    std::string fix;     // what to do about it
    std::string related; // near-duplicate: the id of the other question
};
// "FILE:LINE:COL: POINTER: CHECK: message (fix: …)"
std::string format(const LintFinding& f);

struct LintThresholds {
    double nearDuplicate = 0.6;   // Jaccard similarity of the stems' word-bigram sets
    double longOption = 2.5;      // an option this many times the median length of the others
    double shortOption = 1.0 / 3; // or this fraction of it
    int minOptionChars = 30;      // length checks only when the longer side has this many characters
    double longestKeyZ = 1.645;   // one-sided 5 % test of "key is the longest option"
    double positionP = 0.05;      // chi-square p-value below which key positions are unbalanced
    int minQuestionsForBankChecks = 8;
    double blueprintFactor = 2.0; // a blueprint entry wants this many times the questions it draws
};

struct BankHealth {
    std::string bankId;
    std::string file;
    int questions = 0;
    int questionsWithFindings = 0;
    int bankFindings = 0;
    int score = 100; // docs/lint.md: share of questions without findings, minus 10 per bank-level finding
};

struct LintReport {
    std::vector<LintFinding> findings; // per bank in load order, then blueprint findings
    std::vector<BankHealth> health;
};

// The checks of one question on its own, plus near-duplicates against the other questions of `set`
// (skipping the one with the same id). Pointers are relative to the question ("/stem"), prefixed with
// q.pointer; call locate() to fill in lines and columns from the text the question is in.
std::vector<LintFinding> lintQuestion(const Question& q, const BankSet& set, const LintThresholds& t = {});

// Every check on every loaded bank (only `onlyBank` when given) and, unless a bank is chosen, blueprint
// coverage for the exam profiles (exams.json) of `bankPaths`.
LintReport lintBanks(const BankSet& set, const std::vector<std::filesystem::path>& bankPaths,
                     const std::string& onlyBank = "", const LintThresholds& t = {});

// Fills in file, line and column of findings from the text they point into.
void locate(std::vector<LintFinding>& findings, const SourceFile& source);

// The similarity used for near-duplicates: Jaccard index of word-bigram sets (0..1).
double stemSimilarity(const std::string& a, const std::string& b);
// Upper tail probability of the chi-square distribution with `df` degrees of freedom.
double chiSquareP(double x, int df);

} // namespace examsim::core
