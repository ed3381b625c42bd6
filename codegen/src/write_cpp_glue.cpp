// <stem>_impl.hpp: for each object interface, ucom::glue<I, Derived> — a static vtable of
// noexcept thunks that find the implementing object and call its method of the same name.
// HRESULT methods go through ucom::detail::invoke, the one place exceptions become HRESULTs.
// A thunk calls the method with the raw ABI signature when the class has one, else the one in
// C++ types that projection_roles gives (std::string_view in, std::string out, …; see
// docs/object-model.md), else fails with a static_assert that names both.
// IUnknown's glue is the runtime's own (implements.hpp): its slots are the object's identity,
// and the Release slot is libucom's ucom_object_release, declared here under the slot's type,
// with the record it reads placed before the vtable (exact unloading, ucom/module.h).
// Template and lambda parameters end in '_' so that no IDL parameter name can clash with them.
#include <algorithm>
#include <set>

#include "code_writer.hpp"
#include "cpp_prologue.hpp"
#include "projection_roles.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

class glue_writer {
public:
    glue_writer(const resolved_model &model, const writer_options &options, text_sink &out)
        : model_(model), options_(options), w_(out)
    {
    }

    void run()
    {
        write_cpp_prologue(w_, model_, options_,
                           {"Implementation glue for ucom::implements<Derived, I...>.",
                            {"ucom/implements.hpp", "ucom/projection.hpp"},
                            "_impl.hpp"});
        for (const auto *itf : model_.main_interfaces()) {
            if (itf->name != "IUnknown") {
                write_interface(*itf);
            }
        }
        w_.flush();
    }

private:
    // Whether Derived_ has a method the thunk can call with these arguments: lets the thunk
    // fail with one static_assert naming the interface and method, not a template backtrace.
    // One per name: a property's getter and setter share the projected name's.
    void write_detector(const std::string &name)
    {
        if (!detectors_.insert(name).second) {
            return;
        }
        w_.line("template <class D_, class... A_>");
        w_.line("static auto has_{}_(int, A_ &&...a_) -> decltype(std::declval<D_ &>().{}(a_...), std::true_type{{}});",
                name, name);
        w_.line("template <class D_, class... A_>");
        w_.line("static std::false_type has_{}_(long, A_ &&...);", name);
    }

    void write_thunk(const model_interface &itf, const model_method &m)
    {
        const auto projection = project_method(m);
        std::string params = "Self_ *This";
        std::string args;
        for (const auto &p : m.parameters) {
            params += ", " + declaration(dialect::c, *p.type, p.name);
            args += (args.empty() ? "" : ", ") + p.name;
        }
        write_detector(m.c_name);
        if (projection.projected() && !same_as_raw(m, projection)) {
            write_detector(projection.name);
        }
        w_.line("// {}", idl_signature(*m.declared));
        w_.line("template <class Self_>");
        w_.line("static {}({}) noexcept", declaration(dialect::c, *m.return_type, m.c_name), params);
        w_.line("{{");
        w_.indent();
        write_out_clears(m);
        // Top-level pointers are [ref]: a null string is refused whichever form implements it.
        write_null_check(projection, [](const projected_param &p) { return p.role == param_role::in_string; });
        w_.line("if constexpr (decltype(has_{}_<Derived_>(0{}{}))::value) {{", m.c_name, args.empty() ? "" : ", ",
                args);
        w_.indent();
        if (m.returns_hresult) {
            w_.line("return detail::invoke<Derived_>(This, [&](Derived_ &self_) {{ return self_.{}({}); }});", m.c_name,
                    args);
        } else {
            // No HRESULT to report a failure in: an exception ends the process (noexcept).
            w_.line("return Derived_::from_abi(This).{}({});", m.c_name, args);
        }
        w_.dedent();
        if (projection.projected() && !same_as_raw(m, projection)) {
            w_.line("}} else if constexpr (decltype(has_{}_<Derived_>(0{}))::value) {{", projection.name,
                    projected_detector_args(projection));
            w_.indent();
            write_projected_call(projection);
            w_.dedent();
        }
        w_.line("}} else {{");
        w_.indent();
        // Two literals the compiler joins: the IDL signature quoted by the one C-literal writer.
        w_.line("static_assert(detail::dependent_false<Derived_>, \"{}::{}: the class given to implements<> has no "
                "public method {} that takes these arguments: \" {});",
                itf.name, m.c_name, m.c_name, c_string_literal(idl_signature(*m.declared) + " " + expected_forms(m, projection)));
        w_.dedent();
        w_.line("}}");
        w_.dedent();
        w_.line("}}");
    }

    // Whether the form in C++ types is the raw one: same name, arguments passed unchanged
    // (scalars and interfaces in, nothing out). The raw branch then calls it already, void
    // or HRESULT.
    static bool same_as_raw(const model_method &m, const method_projection &projection)
    {
        return projection.name == m.c_name &&
               std::all_of(projection.params.begin(), projection.params.end(), [](const projected_param &p) {
                   return p.role == param_role::in_value || p.role == param_role::in_interface;
               });
    }

    // COM's rule: an [out] interface or string pointer is null when the call fails, so the
    // thunk clears it before the implementation runs.
    void write_out_clears(const model_method &m)
    {
        for (const auto &p : m.parameters) {
            const auto *target = p.direction == direction::out ? pointee(*p.type) : nullptr;
            if (target != nullptr && is_pointer_like(*target) && underlying(*p.type).kind == type_kind::pointer) {
                w_.line("if ({} != nullptr) {{", p.name);
                w_.indent();
                w_.line("*{} = nullptr;", p.name);
                w_.dedent();
                w_.line("}}");
            }
        }
    }

    // `if (a == nullptr || b == nullptr) { return E_POINTER; }` for the parameters chosen.
    template <class Chosen>
    void write_null_check(const method_projection &projection, Chosen chosen)
    {
        std::string condition;
        for (const auto &p : projection.params) {
            if (chosen(p)) {
                condition += fmt::format("{}{} == nullptr", condition.empty() ? "" : " || ", p.param->name);
            }
        }
        if (!condition.empty()) {
            w_.line("if ({}) {{", condition);
            w_.indent();
            w_.line("return E_POINTER;");
            w_.dedent();
            w_.line("}}");
        }
    }

    static bool is_output(const projected_param &p)
    {
        switch (p.role) {
        case param_role::out_value:
        case param_role::out_string:
        case param_role::out_interface:
        case param_role::out_array:
        case param_role::out_array_count:
            return true;
        default:
            return false;
        }
    }

    static std::string c_type(const type *t) { return value_declaration(*t); }

    // The type an implementer's method has for a parameter, or returns for the [retval].
    static std::string implementer_type(const projected_param &p)
    {
        switch (p.role) {
        case param_role::in_value:
            return c_type(p.value_type);
        case param_role::in_string:
            return "std::string_view";
        case param_role::in_interface:
            return p.itf->name + " *";
        case param_role::in_array:
            return fmt::format("ucom::array_view<const {}>", c_type(p.value_type));
        case param_role::out_value:
            return c_type(p.value_type);
        case param_role::out_string:
            return "std::string";
        case param_role::out_interface:
            return fmt::format("ucom::com_ptr<{}>", p.itf->name);
        case param_role::out_array:
            return fmt::format("std::vector<{}>", c_type(p.value_type));
        case param_role::in_array_count:
        case param_role::out_array_count:
            break;
        }
        return {};
    }

    // What the detector is called with for the projected form: the thunk's own arguments
    // where they pass unchanged, else values of the projected types.
    static std::string projected_detector_args(const method_projection &projection)
    {
        std::string out;
        for (const auto &p : projection.params) {
            if (!p.has_parameter()) {
                continue;
            }
            if (p.role == param_role::in_value || p.role == param_role::in_interface) {
                out += ", " + p.param->name;
            } else if (is_output(p)) {
                out += fmt::format(", std::declval<{} &>()", implementer_type(p));
            } else {
                out += fmt::format(", std::declval<{}>()", implementer_type(p));
            }
        }
        return out;
    }

    static std::string out_local(const projected_param &p) { return "out_" + p.param->name + "_"; }
    static std::string staged_local(const projected_param &p) { return "staged_" + p.param->name + "_"; }

    // The call of the projected form: its arguments converted, its outputs staged, then
    // committed to the [out] pointers once nothing more can fail.
    void write_projected_call(const method_projection &projection)
    {
        write_null_check(projection, [](const projected_param &p) { return is_output(p); });
        w_.line("return detail::invoke<Derived_>(This, [&](Derived_ &self_) {{");
        w_.indent();
        std::string call_args;
        for (const auto &p : projection.params) {
            if (!p.has_parameter()) {
                continue;
            }
            call_args += call_args.empty() ? "" : ", ";
            if (p.role == param_role::in_string) {
                call_args += fmt::format("std::string_view({})", p.param->name);
            } else if (p.role == param_role::in_array) {
                call_args += fmt::format("detail::projection::in_array({}, {})", p.param->name,
                                         projection.params[p.partner].param->name);
            } else if (is_output(p)) {
                w_.line("{} {}{{}};", implementer_type(p), out_local(p));
                call_args += out_local(p);
            } else {
                call_args += p.param->name;
            }
        }
        const auto call = fmt::format("self_.{}({})", projection.name, call_args);
        if (projection.retval) {
            const auto &r = projection.params[*projection.retval];
            w_.line("auto {} = {};", staged_local(r), staged_output(projection, r, call));
        } else if (std::none_of(projection.params.begin(), projection.params.end(), is_output)) {
            w_.line("return detail::projection::status([&] {{ return {}; }});", call);
            w_.dedent();
            w_.line("}});");
            return;
        } else {
            w_.line("const HRESULT hr_ = detail::projection::status([&] {{ return {}; }});", call);
            w_.line("if (FAILED(hr_)) {{");
            w_.indent();
            w_.line("return hr_;");
            w_.dedent();
            w_.line("}}");
        }
        for (const auto &p : projection.params) {
            if (p.has_parameter() && is_output(p)) {
                const bool moves = p.role == param_role::out_interface;
                w_.line("auto {} = {};", staged_local(p),
                        staged_output(projection, p, moves ? "std::move(" + out_local(p) + ")" : out_local(p)));
            }
        }
        for (const auto &p : projection.params) {
            if (is_output(p) && p.role != param_role::out_array_count) {
                if (p.role == param_role::out_array) {
                    w_.line("{}.commit({}, {});", staged_local(p), p.param->name,
                            projection.params[p.partner].param->name);
                } else {
                    w_.line("{}.commit({});", staged_local(p), p.param->name);
                }
            }
        }
        w_.line("return {};", projection.retval ? "S_OK" : "hr_");
        w_.dedent();
        w_.line("}});");
    }

    static std::string staged_output(const method_projection &projection, const projected_param &p,
                                     const std::string &value)
    {
        switch (p.role) {
        case param_role::out_value:
            return fmt::format("detail::projection::out_value<{}>({})", c_type(p.value_type), value);
        case param_role::out_string:
            return fmt::format("detail::projection::out_string({})", value);
        case param_role::out_interface:
            return fmt::format("detail::projection::out_interface<{}>({})", p.itf->name, value);
        case param_role::out_array:
            return fmt::format("detail::projection::out_array<{}, {}>({})", c_type(p.value_type),
                               c_type(projection.params[p.partner].value_type), value);
        default:
            return value;
        }
    }

    // " Expected the raw form HRESULT Greet(const char *name, char **greeting) or the form in
    // C++ types std::string Greet(std::string_view name)." (or why there is no such form)
    static std::string expected_forms(const model_method &m, const method_projection &projection)
    {
        std::string raw;
        for (const auto &p : m.parameters) {
            raw += (raw.empty() ? "" : ", ") + declaration(dialect::c, *p.type, p.name);
        }
        auto text = fmt::format("Expected the raw form {}({})", declaration(dialect::c, *m.return_type, m.c_name), raw);
        if (!projection.projected()) {
            return text + fmt::format(", the only form since it has none in C++ types: {}.", projection.unsupported);
        }
        std::string params;
        for (const auto &p : projection.params) {
            if (p.has_parameter()) {
                auto type = implementer_type(p);
                const char *separator = is_output(p) ? " &" : type.back() == '*' ? "" : " ";
                params += fmt::format("{}{}{}{}", params.empty() ? "" : ", ", type, separator, p.param->name);
            }
        }
        const auto result =
            projection.retval ? implementer_type(projection.params[*projection.retval]) : std::string("void (or HRESULT)");
        return text + fmt::format(" or the form in C++ types {} {}({}).", result, projection.name, params);
    }

    void write_interface(const model_interface &itf)
    {
        detectors_.clear();
        w_.blank();
        w_.line("namespace ucom::release_slot {{");
        w_.line("ULONG {0}(::{0} *This) noexcept __asm__(\"ucom_object_release\");", itf.name);
        w_.line("}}");
        w_.line("template <class Derived_>");
        w_.line("struct ucom::glue<{}, Derived_> {{", itf.name);
        w_.indent();
        for (const auto &m : itf.methods) {
            if (m.slot >= 0) {
                write_thunk(itf, m);
            }
        }
        w_.blank();
        w_.line("static constexpr bool releases_through_runtime = true;");
        w_.line("static constexpr detail::prefixed_vtable<{}Vtbl> table = {{", itf.name);
        w_.indent();
        w_.line("glue<IUnknown, Derived_>::template record<{}>,", itf.name);
        w_.line("{{");
        w_.indent();
        for (const auto &slot : itf.slots) {
            if (slot.owner == &itf) {
                w_.line("&{}<{}>,", slot.method->c_name, itf.name);
            } else if (slot.owner->name == "IUnknown" && slot.method->c_name == "Release") {
                w_.line("&release_slot::{},", itf.name);
            } else {
                w_.line("&glue<{}, Derived_>::template {}<{}>,", slot.owner->name, slot.method->c_name, itf.name);
            }
        }
        w_.dedent();
        w_.line("}}}};");
        w_.dedent();
        w_.line("static constexpr const {}Vtbl &vtbl = table.vtbl;", itf.name);
        w_.dedent();
        w_.line("}};");
    }

    const resolved_model &model_;
    const writer_options &options_;
    code_writer w_;
    std::set<std::string> detectors_; // the has_X_ of the interface being written
};

} // namespace

void write_cpp_glue(const resolved_model &model, const writer_options &options, text_sink &out)
{
    glue_writer(model, options, out).run();
}

} // namespace ucom::idl
