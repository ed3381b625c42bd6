// What each parameter of a method becomes in the C++ projection (docs/object-model.md): the
// one place that reads directions, [retval], [string] and size_is for it, from the model. The
// glue writer (implementers) and the client writer (callers) use only this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.hpp"

namespace ucom::idl {

enum class param_role : std::uint8_t {
    in_value,        // [in] T: an integer, float, enum or plain struct     → T
    in_string,       // [in, string] const char * ([ref])                   → a string view
    in_interface,    // [in] I *                                            → I *, borrowed
    in_array,        // [in, size_is(n)] const T *                          → ucom::array_view<const T>
    in_array_count,  // [in] n, the count an in_array names                 → none: the view's size
    out_value,       // [out] T *                                           → T, by reference or returned
    out_string,      // [out, string] char **                               → a string
    out_interface,   // [out] I **                                          → ucom::com_ptr<I> (client<I>)
    out_array,       // [out, size_is(, *n)] T **                           → a vector of T
    out_array_count, // [out] n *, the count an out_array names             → none: the vector's size
};

// One IDL parameter in the projection.
struct projected_param {
    const model_parameter *param = nullptr;
    param_role role = param_role::in_value;
    bool retval = false; // the [retval]: the projected method's return value
    // The value's type (in_value: the parameter's; out_value: what it points to), the
    // element type of an array or the count's type (what the count points to, for an out
    // count); null for strings and interfaces.
    const type *value_type = nullptr;
    const interface_decl *itf = nullptr; // in_interface and out_interface: the interface named (its definition)
    // An array's count parameter, a count's array parameter (indices into the method's).
    std::size_t partner = 0;

    // Whether the projected method has a parameter for it (counts have none).
    [[nodiscard]] bool has_parameter() const
    {
        return role != param_role::in_array_count && role != param_role::out_array_count && !retval;
    }
};

// A method in the projection, or why it has none.
struct method_projection {
    // The projected name: X for [propget] get_X, [propput] put_X and [propputref] putref_X
    // (a getter X() and setter overloads X(value)), else the C name.
    std::string name;
    std::vector<projected_param> params; // one per IDL parameter, in order; empty without a projection
    std::optional<std::size_t> retval;   // the [retval] parameter's index
    // Why the method keeps only its raw form ("parameter 'details' is a union"); empty when
    // it has a projected one.
    std::string unsupported;

    [[nodiscard]] bool projected() const { return unsupported.empty(); }
};

// The projection of an object interface's method (one with a vtable slot).
method_projection project_method(const model_method &m);

} // namespace ucom::idl
