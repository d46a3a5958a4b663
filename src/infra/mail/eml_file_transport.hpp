#pragma once
// A MailTransport that writes each message as an .eml file instead of sending it: for
// development, demos and tests, where nothing may leave the machine.
#include <filesystem>
#include <memory>

#include "app/ports/mail.hpp"
#include "app/ports/system.hpp"
#include "infra/mail/mime.hpp"

namespace shiftsync {

// Send() writes RenderMime(message, sender, clock.Now()) to
//   <dir>/<YYYYMMDD of created_at>-<outbox id>-<message id, reduced to [A-Za-z0-9._-]>.eml
// The name holds no other user text. The write is atomic (temporary file, fsync, rename, fsync
// of the directory): readers see the whole file or none. Sending the same message again (an
// at-least-once redelivery) replaces the same file. Creates `dir` (mode 0700, and any missing
// parents) on each Send if missing, so deleting it does not break the worker.
// Outcomes: kDelivered once renamed; kPermanentFailure when FindMimeProblem refuses the message;
// kTemporaryFailure on any file-system error (the error names the operation and errno text).
// PurgeDeliveredBefore deletes the .eml files last written before the given instant (by their
// modification time): the files are the delivery, and they hold what the outbox redacts.
// Blocking (disk); thread-safe. `clock` must outlive the transport.
std::unique_ptr<MailTransport> MakeEmlFileTransport(std::filesystem::path dir, MailSender sender, const Clock& clock);

// The file name Send() uses for `message` (no directory). Exposed for tests and tooling.
std::string EmlFileName(const OutboxMessage& message);

}  // namespace shiftsync
