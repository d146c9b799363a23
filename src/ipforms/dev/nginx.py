"""Serve built sites with Debian's nginx, as a municipality's web server would, for
the browser tests: on 127.0.0.1 only, a free port, its own configuration, pid and
log files in a temporary folder.  Started as root, its workers run as ``www-data``
(so a file the build wrote that only root can read gives 403, as in production).

One server holds every site under ``/<slug>/`` plus extra mounts (one site again
under ``/helse/individuell-plan/``, a copy in another folder ...); a second server
holds one site at its root.  Each location shows its own site's 404 page.

    with NginxSites(site_dir, mounts={"/oyer/": site_dir / "oyer"}, root_site=...) as srv:
        srv.url("/oyer/")
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from ..core.errors import BuildError

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WORKER_USER = "www-data"

#: the same cache headers as the README's server block
CACHE_RULES = r"""
      # file names with a content hash (Material's CSS and JavaScript): cache for a year
      location ~ "\.[0-9a-f]{8}\.min\.(css|js)$" {
        add_header Cache-Control "public, max-age=31536000, immutable";
      }
      # pages, PDFs, search indexes, the sitemap: ask every time (cheap: 304 Not Modified)
      location ~ "(\.html|\.pdf|\.json|\.xml|/)$" {
        add_header Cache-Control "no-cache";
      }
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _location(prefix: str) -> str:
    """The location of the site at URL path ``prefix`` (``/x/y/``), with its own 404 page."""
    return f"""
    location {prefix} {{
      error_page 404 {prefix}404.html;
{CACHE_RULES}
    }}"""


def config_text(tmp: Path, port: int, mounts: dict[str, Path], root_port: int | None,
                root_site: Path | None, as_root: bool) -> str:
    """The configuration: ``tmp/www`` is the document root, where each mount is a
    symbolic link to its site (or a copy of it)."""
    user = f"user {WORKER_USER};\n" if as_root else ""
    temps = "\n".join(f"  {name}_temp_path {tmp / name};"
                      for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    locations = "".join(_location(prefix) for prefix in mounts)
    root_server = ""
    if root_site is not None and root_port is not None:
        root_server = f"""
  server {{
    listen 127.0.0.1:{root_port};
    root {root_site};
    index index.html;
    error_page 404 /404.html;
    location / {{
{CACHE_RULES}
    }}
  }}"""
    return f"""# ipforms test server (written by ipforms.dev.nginx)
{user}worker_processes 1;
daemon off;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log {tmp / "access.log"};
{temps}
  absolute_redirect off;   # redirects (koordinator -> koordinator/) keep host and port
  server {{
    listen 127.0.0.1:{port};
    root {tmp / "www"};
    index index.html;
    location = / {{ return 404; }}{locations}
  }}{root_server}
}}
"""


class NginxSites:
    """nginx serving built sites; use as a context manager."""

    def __init__(self, mounts: dict[str, Path], root_site: Path | None = None):
        """``mounts``: URL path (``/oyer/``) -> built site folder; ``root_site``: a site
        served at the root of a second server."""
        if not Path(NGINX).is_file():
            raise BuildError("nginx is not installed", hint="apt-get install nginx (make test does)")
        self.mounts = {p: Path(f).resolve() for p, f in mounts.items()}
        self.root_site = Path(root_site).resolve() if root_site else None
        self.as_root = os.geteuid() == 0
        self.tmp = Path(tempfile.mkdtemp(prefix="ipforms-nginx-"))
        self.port = free_port()
        self.root_port = free_port() if root_site else None
        self.proc: subprocess.Popen | None = None

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def root_url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.root_port}{path}"

    def worker_users(self) -> list[str]:
        """The user names nginx's worker processes run as (from /proc; the master
        listens before it starts its workers, so wait for them a little)."""
        deadline = time.monotonic() + 5
        while True:
            users = self._worker_users()
            if users or time.monotonic() > deadline:
                return users
            time.sleep(0.05)

    def _worker_users(self) -> list[str]:
        assert self.proc is not None
        users = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines()
                              if ":" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.proc.pid) and \
                    fields.get("Name", "").strip() == "nginx":
                uid = int(fields["Uid"].split()[1])  # effective uid
                users.append(pwd.getpwuid(uid).pw_name)
        return users

    def __enter__(self) -> NginxSites:
        os.chmod(self.tmp, 0o755)  # workers (www-data) write client bodies below it
        # Serve copies below our own folder (mkdtemp in /tmp, made 0755), taken with their
        # modes (a file the build left 0600 still gives 403): the built sites may live below
        # pytest's temporary root, which any later pytest session makes private (0700) again.
        www = self.tmp / "www"
        copies: dict[Path, Path] = {}

        def served(folder: Path) -> Path:
            if folder not in copies:
                target = self.tmp / "sites" / str(len(copies))
                target.parent.mkdir(exist_ok=True)
                os.chmod(target.parent, 0o755)
                shutil.copytree(folder, target, symlinks=True)
                os.chmod(target, folder.stat().st_mode & 0o7777)
                copies[folder] = target
            return copies[folder]

        self.mounts = {prefix: served(folder) for prefix, folder in self.mounts.items()}
        if self.root_site is not None:
            self.root_site = served(self.root_site)
        for prefix, folder in self.mounts.items():
            link = www / prefix.strip("/")
            link.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(link.parent, 0o755)
            link.symlink_to(folder, target_is_directory=True)
        conf = self.tmp / "nginx.conf"
        conf.write_text(config_text(self.tmp, self.port, self.mounts, self.root_port,
                                    self.root_site, self.as_root), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-q", "-c", str(conf), "-p", str(self.tmp),
                                "-e", str(self.tmp / "error.log")], capture_output=True, text=True)
        if check.returncode:
            raise BuildError(f"{conf}: nginx -t failed: {check.stderr.strip()}")
        self.proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(self.tmp),
                                      "-e", str(self.tmp / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ports = [self.port] + ([self.root_port] if self.root_port else [])
        deadline = time.monotonic() + 10
        while True:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise BuildError(f"{conf}: nginx stopped at start: {err.strip()}")
            try:
                for port in ports:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__(None, None, None)
                    raise BuildError(f"{conf}: nginx did not start listening within 10 s") from None
                time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # fast shutdown of the master and its workers
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def error_log(self) -> str:
        log = self.tmp / "error.log"
        return log.read_text(errors="replace") if log.is_file() else ""
