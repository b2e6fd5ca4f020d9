"""Running the infracov binary: finding it, feeding its progress to Processing, cancelling it."""

import codecs
import os
import re
import selectors
import shlex
import shutil
import subprocess

from qgis.core import QgsProcessingException, QgsSettings

# The binary to run when INFRACOV_BIN is not set: this QGIS setting, else `infracov` on PATH.
BINARY_SETTING = "infracov/binary"

# The CLI prints GDAL-style progress with --progress: "0...10...20...", then "100 - done.".
PROGRESS = re.compile(r"(\d{1,3})(?:\.\.\.| - done\.)")

# How long a cancelled run may take to clean up after SIGTERM before it is killed.
TERMINATE_GRACE_S = 10


def infracov_binary():
    configured = os.environ.get("INFRACOV_BIN") or QgsSettings().value(BINARY_SETTING, "", str)
    if configured:
        return configured
    found = shutil.which("infracov")
    if found is None:
        raise QgsProcessingException(
            "infracov: the infracov command is not installed; install the infracov package, "
            "or set INFRACOV_BIN (or the QGIS setting %s) to the binary" % BINARY_SETTING
        )
    return found


class StderrReader:
    """Splits what the CLI writes on stderr into progress and its one-line messages."""

    def __init__(self, feedback):
        self.feedback = feedback
        self.pending = ""
        self.error = None
        # Chunks may end inside a multi-byte character (Chinese names in messages).
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, chunk):
        self.pending += self.decoder.decode(chunk)
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            self._line(line)
        # The progress dots arrive before their line ends.
        self._progress(self.pending)

    def close(self):
        if self.pending:
            self._line(self.pending)
        self.pending = ""

    def _progress(self, text):
        values = [int(v) for v in PROGRESS.findall(text)]
        if values:
            self.feedback.setProgress(min(max(values), 100))

    def _line(self, line):
        # A warning may start in the middle of a progress line ("10...20...infracov: warning").
        start = line.find("infracov:")
        self._progress(line if start < 0 else line[:start])
        if start < 0:
            return
        message = line[start:]
        if message.startswith("infracov: warning:"):
            self.feedback.pushWarning(message)
        else:
            self.error = message
            self.feedback.pushInfo(message)


def run_infracov(arguments, feedback):
    """Runs `infracov --progress ARGUMENTS`. Returns its stdout, or None when the user cancelled
    (the CLI then removes what it was writing). A failure raises the CLI's one-line message."""
    command = [infracov_binary(), "--progress"] + list(arguments)
    feedback.pushCommandInfo(" ".join(shlex.quote(part) for part in command))
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise QgsProcessingException("infracov: cannot run %s: %s" % (command[0], e))
    stderr = StderrReader(feedback)
    stdout = b""
    # Both pipes are read as they fill, so a long --json document never blocks the CLI.
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        selector.register(process.stderr, selectors.EVENT_READ)
        while selector.get_map():
            if feedback.isCanceled():
                _stop(process)
                return None
            for key, _ in selector.select(timeout=0.2):
                chunk = os.read(key.fileobj.fileno(), 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.fileobj is process.stdout:
                    stdout += chunk
                else:
                    stderr.feed(chunk)
    process.wait()
    process.stdout.close()
    process.stderr.close()
    stderr.close()
    if feedback.isCanceled():
        return None
    if process.returncode != 0:
        raise QgsProcessingException(
            stderr.error or "infracov: exited with status %d" % process.returncode
        )
    return stdout.decode("utf-8", errors="replace")


def _stop(process):
    # SIGTERM lets the CLI remove its temporary outputs (cli/interrupt.cpp); SIGKILL would not.
    process.terminate()
    try:
        process.wait(TERMINATE_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
    process.stderr.close()
