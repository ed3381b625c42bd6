// The projection's reading of a method: each parameter's role, or the reason the method
// keeps only its raw form. Everything else in the projection writers follows from this.
#include "projection_roles.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "type_queries.hpp"

namespace ucom::idl {
namespace {

bool is_char(const type &t)
{
    const auto &u = underlying(t);
    return u.kind == type_kind::builtin && u.builtin == builtin_type::char_;
}

// What crosses by value and copies with no ownership in it: integers, floats, enums, and
// structs of those (fixed arrays included).
bool is_plain_value(const type &t, int depth = 0)
{
    const auto &u = underlying(t);
    if (depth > 64) {
        return false;
    }
    switch (u.kind) {
    case type_kind::builtin:
        return u.builtin != builtin_type::void_ && u.builtin != builtin_type::handle_t;
    case type_kind::pointer:
    case type_kind::function: // a function pointer's signature: code, not a value
        return false;
    case type_kind::array:
        return u.element != nullptr && u.size != nullptr && is_plain_value(*u.element, depth + 1);
    case type_kind::named:
    case type_kind::tagged:
        break;
    }
    const auto *target = named_aggregate(u);
    if (target == nullptr) {
        return false;
    }
    if (target->kind == decl_kind::enum_) {
        return true;
    }
    const auto *s = as<struct_decl>(target);
    if (s == nullptr || !s->is_definition) {
        return false;
    }
    return std::all_of(s->fields.begin(), s->fields.end(), [&](const field &f) {
        return f.type != nullptr && f.attributes.empty() && is_plain_value(*f.type, depth + 1);
    });
}

const interface_decl *object_interface(const type &t)
{
    const auto *itf = as<interface_decl>(named_interface(t));
    if (itf == nullptr) {
        return nullptr;
    }
    return itf->definition != nullptr ? itf->definition : itf;
}

// The count of an array parameter: size_is(n) for [in] (n an [in] parameter), size_is(, *n)
// for [out] T ** (n an [out] pointer), as the model links them. Empty when the form is another.
const model_parameter *array_count(const model_parameter &p, bool out)
{
    if (!out) {
        return p.size_is.size() == 1 && !p.size_is[0].dereferenced ? p.size_is[0].parameter : nullptr;
    }
    if (p.size_is.size() != 2 || p.size_is[0].expression != nullptr || !p.size_is[1].dereferenced) {
        return nullptr;
    }
    return p.size_is[1].parameter;
}

class method_reader {
public:
    explicit method_reader(const model_method &m) : m_(m) {}

    method_projection run()
    {
        method_projection out;
        out.name = projected_name();
        if (!m_.returns_hresult) {
            out.unsupported = "it does not return an HRESULT";
            return out;
        }
        if (m_.declared != nullptr && m_.declared->name_is_type) {
            out.unsupported = fmt::format("its name {} is a type's too, which C++ could not use inside the class", m_.name);
            return out;
        }
        if (m_.declared != nullptr && m_.declared->redeclares_base) {
            out.unsupported = fmt::format("a base interface has a method {} too", m_.name);
            return out;
        }
        for (std::size_t i = 0; i + 1 < m_.parameters.size(); ++i) {
            if (m_.parameters[i].retval) {
                out.unsupported = fmt::format("its [retval] parameter '{}' is not the last", m_.parameters[i].name);
                return out;
            }
        }
        params_.resize(m_.parameters.size());
        // The attributes that keep a method raw first: they say more than the types they make.
        for (std::size_t i = 0; i < m_.parameters.size() && why_.empty(); ++i) {
            check_attributes(m_.parameters[i]);
        }
        for (std::size_t i = 0; i < m_.parameters.size() && why_.empty(); ++i) {
            read(i);
        }
        for (std::size_t i = 0; i < m_.parameters.size() && why_.empty(); ++i) {
            check_count(i);
        }
        if (!why_.empty()) {
            out.unsupported = why_;
            return out;
        }
        for (std::size_t i = 0; i < params_.size(); ++i) {
            if (params_[i].retval) {
                out.retval = i;
            }
        }
        out.params = std::move(params_);
        return out;
    }

private:
    std::string projected_name() const
    {
        for (std::string_view prefix : {"get_", "put_", "putref_"}) {
            std::string_view c_name = m_.c_name;
            if (c_name.substr(0, prefix.size()) == prefix && c_name != m_.name) {
                return std::string(c_name.substr(prefix.size()));
            }
        }
        return m_.c_name;
    }

    void refuse(const model_parameter &p, std::string_view what)
    {
        why_ = fmt::format("parameter '{}' {}", p.name, what);
    }

    void check_attributes(const model_parameter &p)
    {
        static constexpr std::array raw_only = {attribute_id::iid_is,   attribute_id::switch_is, attribute_id::switch_type,
                                                attribute_id::length_is, attribute_id::max_is,   attribute_id::min_is,
                                                attribute_id::first_is,  attribute_id::last_is,  attribute_id::context_handle};
        for (const auto &a : p.attributes.all()) {
            if (std::find(raw_only.begin(), raw_only.end(), a.rule->id) != raw_only.end()) {
                return refuse(p, fmt::format("is [{}]", a.rule->name));
            }
        }
        if (p.direction == direction::in_out) {
            return refuse(p, "is [in, out]");
        }
    }

    void read(std::size_t i)
    {
        const model_parameter &p = m_.parameters[i];
        auto &role = params_[i];
        role.param = &p;
        role.retval = p.retval;
        if (p.type == nullptr) {
            return refuse(p, "has no type");
        }
        if (p.direction == direction::in) {
            return read_as(p, *p.type, false, role);
        }
        const type *target = pointee(*p.type);
        if (target == nullptr) {
            return refuse(p, "is [out] but no pointer");
        }
        if (named_interface(*target) != nullptr) {
            return refuse(p, "is [out] but points to an interface by value");
        }
        read_as(p, *target, true, role);
    }

    // What an [in] parameter's type, or what an [out] parameter points to, is: an array, a
    // string, an interface pointer or a plain value.
    void read_as(const model_parameter &p, const type &t, bool out, projected_param &role)
    {
        const type *target = pointee(t);
        if (p.attributes.has(attribute_id::size_is)) {
            const model_parameter *count = array_count(p, out);
            if (target == nullptr || count == nullptr || count == &p || !is_plain_value(*target) || p.is_string) {
                return refuse(p, fmt::format("is an array of another form than {} over plain values",
                                             out ? "[out, size_is(, *n)]" : "[in, size_is(n)]"));
            }
            role.role = out ? param_role::out_array : param_role::in_array;
            role.value_type = target;
            role.partner = static_cast<std::size_t>(count - m_.parameters.data());
            return;
        }
        if (p.is_string) {
            if (target == nullptr || !is_char(*target) || pointee(*target) != nullptr) {
                return refuse(p, fmt::format("is a [string] of another type than {}", out ? "char **" : "const char *"));
            }
            if (!out && (p.pointer == pointer_kind::unique || p.pointer == pointer_kind::ptr)) {
                return refuse(p, "is a string that may be null ([unique] or [ptr])");
            }
            role.role = out ? param_role::out_string : param_role::in_string;
            return;
        }
        if (target != nullptr) {
            if (const auto *itf = object_interface(*target); itf != nullptr && pointee(*target) == nullptr) {
                if (!is_com_interface(*itf)) {
                    return refuse(p, fmt::format("is a pointer to '{}', a C-only interface (no IID or no IUnknown)",
                                                 itf->name));
                }
                role.role = out ? param_role::out_interface : param_role::in_interface;
                role.itf = itf;
                return;
            }
            return refuse(p, fmt::format("{} something other than a string, an array or an interface",
                                         out ? "is an [out] pointer to a pointer to" : "points to"));
        }
        if (!is_plain_value(t)) {
            return refuse(p, "is a union or a type with pointers in it");
        }
        role.role = out ? param_role::out_value : param_role::in_value;
        role.value_type = &t;
    }

    // An array's count becomes the array's size: it must be a plain integer parameter of the
    // same direction, named by one array only, and not the [retval].
    void check_count(std::size_t i)
    {
        auto &array = params_[i];
        if (array.role != param_role::in_array && array.role != param_role::out_array) {
            return;
        }
        auto &count = params_[array.partner];
        const model_parameter &p = *array.param;
        const bool out = array.role == param_role::out_array;
        const auto wanted = out ? param_role::out_value : param_role::in_value;
        for (std::size_t j = 0; j < params_.size(); ++j) {
            const auto &other = params_[j];
            bool is_array = other.role == param_role::in_array || other.role == param_role::out_array;
            if (j != i && is_array && other.partner == array.partner) {
                return refuse(p, fmt::format("shares its count '{}' with another array", count.param->name));
            }
        }
        if (count.role != wanted || count.retval || !is_integral(*count.value_type)) {
            return refuse(p, fmt::format("counts its elements with '{}', which is not a plain {} integer",
                                         count.param->name, out ? "[out]" : "[in]"));
        }
        count.role = out ? param_role::out_array_count : param_role::in_array_count;
        count.partner = i;
    }

    const model_method &m_;
    std::vector<projected_param> params_;
    std::string why_;
};

} // namespace

method_projection project_method(const model_method &m)
{
    return method_reader(m).run();
}

} // namespace ucom::idl
