// <stem>_client.hpp: for each object interface, ucom::client<I> — the caller's wrapper whose
// methods take and return C++ types (docs/object-model.md). Each projected method comes in
// two forms: X(…) throws ucom::hresult_error with the callee's message, try_X(…) returns
// ucom::result<T>. The parameters' roles come from projection_roles, nothing else.
// Template parameters and locals end in '_' so that no IDL parameter name clashes with them.
#include "code_writer.hpp"
#include "cpp_prologue.hpp"
#include "projection_roles.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"
#include "writers.hpp"

namespace ucom::idl {
namespace {

std::string c_type(const type *t)
{
    return value_declaration(*t);
}

// What a caller receives an output as by default; empty for a plain value (no choice).
std::string default_receiver(const projected_param &p)
{
    switch (p.role) {
    case param_role::out_string:
        return "std::string";
    case param_role::out_array:
        return fmt::format("std::vector<{}>", c_type(p.value_type));
    case param_role::out_interface:
        return fmt::format("ucom::client<{}>", p.itf->name);
    default:
        return {};
    }
}

// The local the ABI writes an output into.
std::string abi_local(const projected_param &p)
{
    switch (p.role) {
    case param_role::out_string:
        return "ucom::task_string";
    case param_role::out_array:
        return fmt::format("ucom::task_array<{}>", c_type(p.value_type));
    case param_role::out_interface:
        return fmt::format("ucom::com_ptr<{}>", p.itf->name);
    default:
        return c_type(p.value_type);
    }
}

// A client method's C++ signature: its template parameters (how the caller receives each
// output that can come two ways), its parameters and its result type.
struct client_signature {
    std::string head;
    std::string params;
    std::string result = "HRESULT";
};

// The type of a client method's parameter for p; an output of two ways adds its template
// parameter (Out<index>_) to the head.
std::string client_parameter_type(const projected_param &p, std::size_t index, std::string &head)
{
    switch (p.role) {
    case param_role::in_value:
        return c_type(p.value_type) + " ";
    case param_role::in_string:
        return "const string_arg &";
    case param_role::in_interface:
        return p.itf->name + " *";
    case param_role::in_array:
        return fmt::format("array_view<const {}> ", c_type(p.value_type));
    case param_role::out_value:
        return c_type(p.value_type) + " &";
    default: {
        const auto name = fmt::format("Out{}_", index);
        head += fmt::format("{}class {}", head.empty() ? "" : ", ", name);
        return name + " &";
    }
    }
}

client_signature signature_of(const method_projection &projection)
{
    client_signature out;
    for (std::size_t i = 0; i < projection.params.size(); ++i) {
        const auto &p = projection.params[i];
        if (p.retval) {
            const auto receiver = default_receiver(p);
            out.result = receiver.empty() ? c_type(p.value_type) : "Result_";
            if (!receiver.empty()) {
                // First, so that X<ucom::task_string>(…) names the result's type.
                out.head = fmt::format("class Result_ = {}{}", receiver, out.head.empty() ? "" : ", " + out.head);
            }
        } else if (p.has_parameter()) {
            const auto type = client_parameter_type(p, i, out.head);
            out.params += fmt::format("{}{}{}", out.params.empty() ? "" : ", ", type, p.param->name);
        }
    }
    return out;
}

// The names every client has of its own (ucom::client<IUnknown> and the generated members).
bool is_client_member(std::string_view name)
{
    return name == "get" || name == "as" || name == "try_as" || name == "abi_type" || name == "client";
}

class client_writer {
public:
    client_writer(const resolved_model &model, const writer_options &options, text_sink &out)
        : model_(model), options_(options), w_(out)
    {
    }

    void run()
    {
        write_cpp_prologue(w_, model_, options_,
                           {"Client wrappers: ucom::client<I>, methods in C++ types that throw, and try_ forms.",
                            {"ucom/client.hpp"},
                            "_client.hpp"});
        for (const auto *itf : model_.main_interfaces()) {
            if (itf->name != "IUnknown") {
                write_interface(*itf);
            }
        }
        w_.flush();
    }

private:
    void write_interface(const model_interface &itf)
    {
        const std::string base = itf.base != nullptr ? itf.base->name : "IUnknown";
        w_.blank();
        w_.line("template <>");
        w_.line("class ucom::client<{}> : public ucom::client<{}> {{", itf.name, base);
        w_.line("public:");
        w_.indent();
        w_.line("using abi_type = {};", itf.name);
        w_.blank();
        w_.line("client() noexcept = default;");
        w_.line("client(com_ptr<{}> object) noexcept : client(detail::client_access::erase(std::move(object))) {{}}",
                itf.name);
        w_.line("explicit client(detail::erased_object &&erased) noexcept : client<{}>(std::move(erased)) {{}}", base);
        w_.line("// From what create_instance returns; throws hresult_error with its error when it failed.");
        w_.line("client(result<com_ptr<{}>> object) : client(detail::value_or_throw(std::move(object))) {{}}",
                itf.name);
        w_.blank();
        w_.line("{0} *get() const noexcept {{ return detail::client_access::abi<{0}>(*this); }}", itf.name);
        w_.line("{} *operator->() const noexcept {{ return get(); }}", itf.name);
        for (const auto &m : itf.methods) {
            if (m.slot >= 0) {
                write_method(itf, m);
            }
        }
        w_.dedent();
        w_.line("}};");
    }

    void write_method(const model_interface &itf, const model_method &m)
    {
        const auto projection = project_method(m);
        w_.blank();
        w_.line("// {}", idl_signature(*m.declared));
        if (!projection.projected()) {
            w_.line("// No form in C++ types, since {}: call get()->{}(…).", projection.unsupported, m.c_name);
            return;
        }
        if (is_client_member(projection.name)) {
            w_.line("// Named like a member of every client: call get()->{}(…).", m.c_name);
            return;
        }
        const auto [head, params, result] = signature_of(projection);
        const auto templated = head.empty() ? std::string() : fmt::format("template <{}>", head);
        // Each form in full, not one through the other: the throwing form's value goes
        // straight to its caller, with no ucom::result to move it through.
        for (const bool throwing : {true, false}) {
            if (!templated.empty()) {
                w_.line("{}", templated);
            }
            if (throwing) {
                w_.line("{} {}({}) const", result, projection.name, params);
            } else {
                w_.line("result<{}> try_{}({}) const", result, projection.name, params);
            }
            w_.line("{{");
            w_.indent();
            write_call(itf, m, projection, throwing);
            w_.dedent();
            w_.line("}}");
        }
    }

    // The body of either form: a failure throws (throwing) or is returned as the result.
    void write_call(const model_interface &itf, const model_method &m, const method_projection &projection, bool throwing)
    {
        const auto origin = fmt::format("\"{}::{}\"", itf.name, m.c_name);
        const auto abi_args = write_arguments(projection, origin, throwing);
        w_.line("const HRESULT hr_ = get()->lpVtbl->{}({});", m.c_name, abi_args);
        if (throwing) {
            w_.line("detail::check_call(hr_, {});", origin);
        } else {
            w_.line("if (FAILED(hr_)) {{");
            w_.indent();
            w_.line("return detail::failed_call(hr_, {});", origin);
            w_.dedent();
            w_.line("}}");
        }
        write_outputs(projection);
    }

    // The ABI call's arguments, after the locals the outputs are written into and the check
    // that each array's size fits its count's type.
    std::string write_arguments(const method_projection &projection, const std::string &origin, bool throwing)
    {
        std::string abi_args = "get()";
        for (const auto &p : projection.params) {
            const auto &name = p.param->name;
            switch (p.role) {
            case param_role::in_value:
            case param_role::in_interface:
                abi_args += ", " + name;
                break;
            case param_role::in_string:
                abi_args += fmt::format(", {}.c_str()", name);
                break;
            case param_role::in_array: {
                const auto count_type = c_type(projection.params[p.partner].value_type);
                if (throwing) {
                    w_.line("detail::check_count<{}>({}.size(), {});", count_type, name, origin);
                } else {
                    w_.line("if (!detail::count_fits<{}>({}.size())) {{", count_type, name);
                    w_.indent();
                    w_.line("return detail::too_many_elements({});", origin);
                    w_.dedent();
                    w_.line("}}");
                }
                abi_args += fmt::format(", detail::abi_array({})", name);
                break;
            }
            case param_role::in_array_count: {
                const auto &array = projection.params[p.partner];
                abi_args += fmt::format(", static_cast<{}>({}.size())", c_type(p.value_type), array.param->name);
                break;
            }
            case param_role::out_value:
                if (p.retval) {
                    w_.line("{} {}{{}};", c_type(p.value_type), name);
                }
                abi_args += ", &" + name;
                break;
            case param_role::out_array_count:
                w_.line("{} {}{{}};", c_type(p.value_type), name);
                abi_args += ", &" + name;
                break;
            default:
                w_.line("{} {}_{{}};", abi_local(p), name);
                abi_args += fmt::format(", {}_.put()", name);
                break;
            }
        }
        return abi_args;
    }

    // After a successful call: the outputs converted as the caller asked, and the return.
    void write_outputs(const method_projection &projection)
    {
        for (const auto &p : projection.params) {
            if (p.role == param_role::out_array) {
                w_.line("{}_.set_size({});", p.param->name, projection.params[p.partner].param->name);
            }
        }
        std::string returned = "hr_";
        for (const auto &p : projection.params) {
            const bool received = !default_receiver(p).empty();
            if (p.retval) {
                returned = received ? fmt::format("detail::receive<Result_>(std::move({}_))", p.param->name)
                                    : p.param->name;
            } else if (received) {
                w_.line("detail::receive_into(std::move({0}_), {0});", p.param->name);
            }
        }
        w_.line("return {};", returned);
    }

    const resolved_model &model_;
    const writer_options &options_;
    code_writer w_;
};

} // namespace

void write_cpp_client(const resolved_model &model, const writer_options &options, text_sink &out)
{
    client_writer(model, options, out).run();
}

} // namespace ucom::idl
