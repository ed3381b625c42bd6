// The names the resolver knows, in C's namespaces: ordinary names (typedefs, interfaces,
// coclasses, constants, modules), tags (struct, union, enum), enumerators, libraries.
// IDL has one global scope: names inside a library or an interface body are global too.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "ast.hpp"

namespace ucom::idl {

struct enumerator_ref {
    enum_decl *owner = nullptr;
    std::size_t index = 0;
};

struct symbol_table {
    std::unordered_map<std::string, decl *> ordinary;
    std::unordered_map<std::string, decl *> tags;
    std::unordered_map<std::string, decl *> libraries;
    std::unordered_map<std::string, enumerator_ref> enumerators;

    [[nodiscard]] decl *find_ordinary(const std::string &name) const
    {
        auto it = ordinary.find(name);
        return it != ordinary.end() ? it->second : nullptr;
    }
};

} // namespace ucom::idl
