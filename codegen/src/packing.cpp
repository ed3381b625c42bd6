#include "packing.hpp"

#include <algorithm>
#include <string>

namespace ucom::idl {
namespace {

// 1, 2, 4, 8 or 16 (what #pragma pack accepts); 0 for anything else.
unsigned pack_value(std::string_view digits)
{
    for (unsigned n : {1U, 2U, 4U, 8U, 16U}) {
        if (digits == std::to_string(n)) {
            return n;
        }
    }
    return 0;
}

// Whether a 64-bit Windows C compiler takes the branch of `#if`/`#ifdef`/`#ifndef` (the
// directive's word) with this condition.
bool taken(std::string_view word, std::string_view condition)
{
    const bool windows = condition == "_WIN32" || condition == "_WIN64" || condition == "defined(_WIN32)" ||
                         condition == "defined(_WIN64)";
    if (word == "ifdef") {
        return windows || condition != "__cplusplus";
    }
    if (word == "ifndef") {
        return !windows && condition == "__cplusplus";
    }
    return condition != "0"; // `#if 0` hides IDL stand-ins for C definitions
}

} // namespace

void pack_tracker::line(std::string_view text)
{
    std::string compact; // without blanks: `#pragma pack(push, 1)` is `#pragmapack(push,1)`
    for (char c : text) {
        if (c != ' ' && c != '\t') {
            compact += c;
        }
    }
    std::string_view t = compact;
    if (!t.starts_with("#")) {
        return;
    }
    t.remove_prefix(1);
    for (std::string_view word : {"ifdef", "ifndef", "if"}) {
        if (t.starts_with(word)) {
            const bool outer_skipping = std::find(skipping_.begin(), skipping_.end(), 1) != skipping_.end();
            skipping_.push_back(outer_skipping || !taken(word, t.substr(word.size())) ? 1 : 0);
            return;
        }
    }
    if (t.starts_with("else") || t.starts_with("elif")) {
        if (!skipping_.empty()) {
            // The first branch was taken unless its condition was false: the others are not.
            skipping_.back() = skipping_.back() != 0 ? 0 : 1;
        }
        return;
    }
    if (t.starts_with("endif")) {
        if (!skipping_.empty()) {
            skipping_.pop_back();
        }
        return;
    }
    if (std::find(skipping_.begin(), skipping_.end(), 1) == skipping_.end()) {
        directive(t);
    }
}

// `t`: a directive without its '#' and blanks.
void pack_tracker::directive(std::string_view t)
{
    for (std::string_view include : {"include<", "include\""}) {
        if (!t.starts_with(include)) {
            continue;
        }
        auto name = t.substr(include.size());
        if (name.starts_with("poppack.h")) {
            if (stack_.size() > 1) {
                stack_.pop_back();
            }
        } else if (name.starts_with("pshpack") && name.substr(8).starts_with(".h")) {
            if (auto n = pack_value(name.substr(7, 1))) {
                stack_.push_back(n);
            }
        }
        return;
    }
    constexpr std::string_view pragma = "pragmapack(";
    if (!t.starts_with(pragma) || !t.ends_with(")")) {
        return;
    }
    auto args = t.substr(pragma.size(), t.size() - pragma.size() - 1);
    if (args == "pop") {
        if (stack_.size() > 1) {
            stack_.pop_back();
        }
    } else if (args == "push") {
        stack_.push_back(stack_.back());
    } else if (args.starts_with("push,")) {
        stack_.push_back(pack_value(args.substr(5)));
    } else if (args.empty()) {
        stack_.back() = 0;
    } else if (auto n = pack_value(args)) {
        stack_.back() = n;
    }
}

} // namespace ucom::idl
