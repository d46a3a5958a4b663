#pragma once
// Reads a JSON object field by field, recording the first problem: a missing required
// field, a wrong type, an unknown field. Handlers read every field, then call Finish().
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/types.hpp"
#include "http/message.hpp"

namespace shiftsync::http {

// The request body as a JSON object; kMalformed if it is not JSON, kInvalidInput if not an object.
Result<boost::json::object> ParseJsonObject(const Request& request);

class BodyReader {
public:
    // `prefix` names nested objects in errors ("organization.").
    explicit BodyReader(const boost::json::object& object, std::string prefix = {});

    std::string String(std::string_view name);                         // required
    std::optional<std::string> OptionalString(std::string_view name);  // absent -> nullopt; null refused
    Id IdValue(std::string_view name);                                 // required positive integer
    std::optional<Id> NullableId(std::string_view name);               // required; may be null
    // Absent -> nullopt; null -> optional holding nullopt.
    std::optional<std::optional<Id>> OptionalNullableId(std::string_view name);
    std::optional<bool> OptionalBool(std::string_view name);
    Instant InstantValue(std::string_view name);  // required RFC 3339
    std::optional<Instant> OptionalInstant(std::string_view name);
    Date DateValue(std::string_view name);  // required YYYY-MM-DD
    // Absent -> nullptr; must otherwise be an object (null allowed when `nullable`).
    const boost::json::object* OptionalObject(std::string_view name, bool nullable = false);
    bool Has(std::string_view name) const;
    // The field as it is, for shapes the typed readers do not cover (nullptr when absent).
    const boost::json::value* Raw(std::string_view name) { return Find(name, false); }

    // Records an error found by the caller (keeps only the first).
    void Fail(Error error);
    bool ok() const { return !error_.has_value(); }
    // The first error, else an error for any field never read (unknown field), else Ok.
    Status Finish();

private:
    const boost::json::value* Find(std::string_view name, bool required);
    std::string Field(std::string_view name) const { return prefix_ + std::string(name); }

    const boost::json::object& object_;
    std::string prefix_;
    std::vector<std::string> known_;
    std::optional<Error> error_;
};

}  // namespace shiftsync::http
