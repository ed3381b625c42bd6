// Names the generated headers cannot use: C99 and C++17 keywords (a header that is valid C
// but not C++ would break every C++ plugin), and the names the header itself takes
// (`This`, the first parameter of every vtable slot; `lpVtbl`, the vtable member).
#pragma once

#include <string_view>

namespace ucom::idl {

bool is_c_or_cpp_keyword(std::string_view name);
bool is_generated_member_name(std::string_view name);

} // namespace ucom::idl
