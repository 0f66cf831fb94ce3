// Readiness to pass (issue 9): the probability of passing a level's exam now, estimated from recent
// per-topic results weighted by the profile's blueprint, with an uncertainty band; the topic groups whose
// improvement raises it most; and time on task (slow topics, answers too fast to be more than guesses).
// The model is described in docs/adaptive-study.md.
#pragma once

#include "core/adaptive.hpp"
#include "core/profile.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace examsim::core {

struct ReadinessOptions {
    int recentPerGroup = 60; // the latest answers per blueprint group that count
    // Partial pooling: the learner's overall share right theta ~ Beta(1 + right, 1 + wrong) over all
    // groups; each group's share ~ Beta(k theta + right_g, k (1 - theta) + wrong_g). A group with few
    // answers leans on the learner's overall level, worth `poolStrength` answers.
    double poolStrength = 4.0;
    int draws = 4000;           // posterior samples
    std::uint64_t seed = 20000; // fixed: the same answers always give the same figures
    double bandLow = 0.10;      // the band is the 10th to 90th percentile (an 80 % credible interval)
    double bandHigh = 0.90;
    // "What to study next": the gain if a group's wrong answers fell by this share (p -> p + 0.25 (1 - p)).
    // A flat "+10 points" would add the same expected marks to every group of the same size and so could
    // not tell a weak topic from a strong one.
    double errorReduction = 0.25;
};

struct GroupReadiness {
    std::string label;
    int questions = 0; // on the exam (marks for case-study profiles)
    int answers = 0;   // recent answers counted
    int correct = 0;
    double share = 0; // estimated share right (posterior mean)
    double gain = 0;  // rise in pass probability if this group's wrong answers fell by `errorReduction`
};

struct Readiness {
    std::string profileId;
    std::string profileTitle;
    int questions = 0; // questions on the paper (marks for case-study profiles)
    int passMark = 0;  // needed to pass
    int answers = 0;   // recent answers counted, all groups
    double passProbability = 0;
    double low = 0, high = 0;              // uncertainty band
    std::vector<GroupReadiness> groups;    // in blueprint order
    std::vector<GroupReadiness> studyNext; // largest gain first
};

// The profile readiness is measured against for a level: the first profile (in file order) whose levels
// include it; nullptr when none does.
const ExamProfile* readinessProfile(const ProfileSet& profiles, Level level);

// Records of other levels are ignored; a record counts for the first blueprint entry whose topics
// contain its topic.
Readiness estimateReadiness(const ExamProfile& profile, const BankSet& banks,
                            const std::vector<ReviewRecord>& records, const ReadinessOptions& options = {});

// P(X >= passMark) for a sum of independent binomials Binomial(n[g], p[g]) (exact convolution).
double passProbability(const std::vector<int>& n, const std::vector<double>& p, int passMark);

inline constexpr std::int64_t kGuessMs = 5'000; // answers faster than this are counted as likely guesses
inline constexpr double kSlowRatio = 1.5;       // a topic is slow at 1.5 x the learner's own median
inline constexpr int kMinTopicAnswers = 3;

struct TopicTime {
    std::string topic;
    int answers = 0;
    std::int64_t medianMs = 0;
    double ratio = 0; // medianMs / the learner's overall median
    bool slow = false;
    int rapid = 0; // answers under kGuessMs
    int rapidCorrect = 0;
};

struct TimeOnTask {
    std::int64_t medianMs = 0;             // the learner's median over the answers counted
    std::int64_t profileMsPerQuestion = 0; // the exam's time limit / questions (0: untimed or no profile)
    int rapid = 0, rapidCorrect = 0;
    std::vector<TopicTime> topics; // slow ones first, then by ratio, highest first
};

// Over the records of `level` ("" = all) that have a time.
TimeOnTask timeOnTask(const std::vector<ReviewRecord>& records, const std::string& level,
                      const ExamProfile* profile);

} // namespace examsim::core
