// Everything one run of ucom-idl works on: the files read, the parsed main file and the
// files it imports (transitively), and the diagnostics. The driver fills it; the resolver
// annotates the trees; the writers read it.
#pragma once

#include <memory>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "source_manager.hpp"

namespace ucom::idl {

struct compilation {
    source_manager sources;
    diagnostics diags;
    // The main file first, then every imported file in the order it was first imported.
    std::vector<std::unique_ptr<idl_file>> files;
    // Struct and union tags used behind a pointer and declared nowhere (`struct _GUID *`):
    // C declares such a tag where it is used, as an incomplete type, and so does the resolver
    // (struct_decl or union_decl, is_definition false). The C header declares them first.
    std::vector<decl_ptr> implicit_tags;

    [[nodiscard]] const idl_file &main() const { return *files.front(); }
    [[nodiscard]] const idl_file *find(file_id id) const
    {
        for (const auto &f : files) {
            if (f->file == id) {
                return f.get();
            }
        }
        return nullptr;
    }
};

} // namespace ucom::idl
