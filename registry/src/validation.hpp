// The rules a registry file's entries keep, in one place: the TOML reader applies them to
// every file it reads, and registration to the file it is about to write, so a registration
// never writes what the reader would refuse, and both say so in the same words.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <ucom/registry/model.hpp>

namespace ucom::registry {

// Which entry broke a rule: its section and position in the model's vector (the same
// position as in the file's array of tables), and the key whose value is wrong, or empty
// when the entry as a whole is (a duplicate, a reference to what is not there).
struct entry_location {
    std::string_view section; // "module", "class" or "interface"
    std::size_t index = 0;
    std::string_view key;
};

enum class problem_kind : unsigned char {
    bad_value, // one entry's value is malformed: a ProgID, a threading model, an empty path
    conflict,  // entries contradict each other: a name or IID taken twice, fingerprints that differ
};

struct registry_problem {
    problem_kind kind = problem_kind::bad_value;
    entry_location where;
    std::string message; // without a location: each caller says where the entry came from
    // Whether a registration can resolve it by unregistering the entry named first (the
    // CLSID or ProgID is taken by a class already registered).
    bool taken_name = false;
};

// The first rule `file` breaks, in the order: modules, classes, interfaces, then the
// interfaces each module lists. Hash lookups: linear in the size of the file.
std::optional<registry_problem> check_registry(const registry_file &file);

} // namespace ucom::registry
