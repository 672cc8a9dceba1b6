//! Private RabbitMQ nodes for the fault-injection suite: one node or a cluster of several,
//! started on this machine with their own node names, ports, data directories and one Erlang
//! cookie, so the suite can stop and restart them without disturbing the machine's broker or
//! the other tests. Everything is stopped and removed when the [`Cluster`] is dropped.
//!
//! The nodes run Debian's RabbitMQ scripts from `/usr/lib/rabbitmq/bin` directly (the
//! `/usr/sbin` wrappers switch to the `rabbitmq` user and would drop our environment).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = "/usr/lib/rabbitmq/bin";

/// How a node listens for TLS clients.
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub struct Node {
    pub name: String,
    pub port: u16,
    pub tls_port: Option<u16>,
    dist_port: u16,
    dir: PathBuf,
}

/// One or more private RabbitMQ nodes, clustered when more than one.
pub struct Cluster {
    pub nodes: Vec<Node>,
    home: tempfile::TempDir,
}

fn fail(what: &str, out: &std::io::Result<Output>) -> ! {
    match out {
        Ok(o) => panic!("{what} failed ({}): {}{}", o.status, String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("{what} failed: {e}. Debian's rabbitmq-server is required (scripts/test.sh installs it)"),
    }
}

impl Cluster {
    /// Starts `n` nodes named after `tag` and clusters them (nodes 2..n join node 1). With
    /// `tls`, every node also listens for amqps. Panics (the test fails) when a node does not
    /// come up within two minutes.
    pub fn start(n: usize, tag: &str, tls: Option<&TlsFiles>) -> Cluster {
        let home = match tempfile::Builder::new().prefix(&format!("ne-{tag}-")).tempdir() {
            Ok(d) => d,
            Err(e) => panic!("cannot make a directory for the private broker: {e}"),
        };
        let cookie = home.path().join(".erlang.cookie");
        let secret = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
        if let Err(e) = std::fs::write(&cookie, secret) {
            panic!("cannot write the Erlang cookie: {e}");
        }
        let _ = Command::new("chmod").arg("400").arg(&cookie).status();
        let id = &uuid::Uuid::new_v4().simple().to_string()[..6];
        let mut nodes = Vec::new();
        for i in 1..=n {
            let dir = home.path().join(format!("node{i}"));
            if let Err(e) = std::fs::create_dir_all(&dir) {
                panic!("cannot make {}: {e}", dir.display());
            }
            let node = Node {
                name: format!("ne-{tag}-{id}-{i}@localhost"),
                port: super::free_port(),
                tls_port: tls.map(|_| super::free_port()),
                dist_port: super::free_port(),
                dir,
            };
            write_node_config(&node, tls);
            nodes.push(node);
        }
        let cluster = Cluster { nodes, home };
        for i in 0..n {
            cluster.launch(i);
        }
        for i in 0..n {
            cluster.wait_up(i, Duration::from_secs(120));
        }
        for i in 1..n {
            let first = cluster.nodes[0].name.clone();
            cluster.ctl(i, &["stop_app"]);
            cluster.ctl(i, &["join_cluster", &first]);
            cluster.ctl(i, &["start_app"]);
        }
        for i in 0..n {
            cluster.wait_up(i, Duration::from_secs(120));
        }
        cluster
    }

    /// `amqp://guest:guest@127.0.0.1:<port>/%2f` of node `i`.
    pub fn url(&self, i: usize) -> String {
        format!("amqp://guest:guest@127.0.0.1:{}/%2f", self.nodes[i].port)
    }

    /// All node URLs, comma-separated, starting with node `first` (so workers spread).
    pub fn urls_from(&self, first: usize) -> String {
        let n = self.nodes.len();
        (0..n).map(|k| self.url((first + k) % n)).collect::<Vec<_>>().join(",")
    }

    /// Runs `rabbitmqctl` against node `i`; panics with its output when it fails.
    pub fn ctl(&self, i: usize, args: &[&str]) -> String {
        let out = self.ctl_output(i, args);
        match &out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).to_string(),
            _ => fail(&format!("rabbitmqctl {} on {}", args.join(" "), self.nodes[i].name), &out),
        }
    }

    fn ctl_output(&self, i: usize, args: &[&str]) -> std::io::Result<Output> {
        Command::new(format!("{BIN}/rabbitmqctl"))
            .env("HOME", self.home.path())
            .arg("-q")
            .arg("-n")
            .arg(&self.nodes[i].name)
            .args(args)
            .output()
    }

    /// Starts node `i` (again) and waits until it accepts AMQP connections.
    pub fn restart(&self, i: usize) {
        self.launch(i);
        self.wait_up(i, Duration::from_secs(120));
    }

    /// Stops node `i` (the whole Erlang node, as a crash or a host going away would).
    pub fn stop(&self, i: usize) {
        self.ctl(i, &["stop"]);
    }

    /// Closes every client connection on node `i` from the broker side.
    pub fn close_all_connections(&self, i: usize) {
        self.ctl(i, &["close_all_connections", "fault injection"]);
    }

    /// The index of the node leading quorum queue `queue`, asked of node `via`.
    pub fn leader(&self, via: usize, queue: &str) -> Option<usize> {
        let out = self.ctl(via, &["list_queues", "name", "leader"]);
        let leader = out.lines().find_map(|l| {
            let mut cols = l.split('\t');
            (cols.next() == Some(queue)).then(|| cols.next().map(str::to_string)).flatten()
        })?;
        self.nodes.iter().position(|n| n.name == leader.trim())
    }

    /// `(ready, unacked)` of `queue`, asked of node `via`; None when the queue is not listed.
    pub fn queue_counts(&self, via: usize, queue: &str) -> Option<(u64, u64)> {
        let out = self.ctl(via, &["list_queues", "name", "messages_ready", "messages_unacknowledged"]);
        out.lines().find_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() == 3 && cols[0] == queue { Some((cols[1].trim().parse().ok()?, cols[2].trim().parse().ok()?)) } else { None }
        })
    }

    fn launch(&self, i: usize) {
        let n = &self.nodes[i];
        let out = Command::new(format!("{BIN}/rabbitmq-server"))
            .arg("-detached")
            .env("HOME", self.home.path())
            .env("RABBITMQ_NODENAME", &n.name)
            .env("RABBITMQ_NODE_PORT", n.port.to_string())
            .env("RABBITMQ_DIST_PORT", n.dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", n.dir.join("mnesia"))
            .env("RABBITMQ_LOG_BASE", n.dir.join("log"))
            .env("RABBITMQ_PID_FILE", n.dir.join("pid"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", n.dir.join("enabled_plugins"))
            .env("RABBITMQ_CONFIG_FILE", n.dir.join("rabbitmq.conf"))
            .output();
        if !matches!(&out, Ok(o) if o.status.success()) {
            fail(&format!("starting RabbitMQ node {}", n.name), &out);
        }
    }

    fn wait_up(&self, i: usize, timeout: Duration) {
        let n = &self.nodes[i];
        let deadline = Instant::now() + timeout;
        loop {
            // The AMQP listener opens once the node has booted; then the node also answers
            // rabbitmqctl (a joined node may still be syncing, which `await_startup` covers).
            if TcpStream::connect_timeout(&([127, 0, 0, 1], n.port).into(), Duration::from_millis(500)).is_ok()
                && self.ctl_output(i, &["await_startup", "--timeout", "60"]).is_ok_and(|o| o.status.success())
            {
                return;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_dir(n.dir.join("log"))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                    .collect::<String>();
                let tail: String = log.lines().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
                panic!("RabbitMQ node {} did not come up within {timeout:?}; log tail:\n{tail}", n.name);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn write_node_config(n: &Node, tls: Option<&TlsFiles>) {
    let mut conf = format!("listeners.tcp.default = 127.0.0.1:{}\nloopback_users = none\n", n.port);
    if let (Some(t), Some(port)) = (tls, n.tls_port) {
        conf.push_str(&format!(
            "listeners.ssl.default = 127.0.0.1:{port}\n\
             ssl_options.cacertfile = {}\n\
             ssl_options.certfile = {}\n\
             ssl_options.keyfile = {}\n\
             ssl_options.verify = verify_none\n\
             ssl_options.fail_if_no_peer_cert = false\n",
            t.ca.display(),
            t.cert.display(),
            t.key.display()
        ));
    }
    let files = [("rabbitmq.conf", conf), ("enabled_plugins", "[].\n".to_string())];
    for (name, text) in files {
        if let Err(e) = std::fs::write(n.dir.join(name), text) {
            panic!("cannot write {name} for {}: {e}", n.name);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for i in 0..self.nodes.len() {
            let stopped = self.ctl_output(i, &["stop"]).is_ok_and(|o| o.status.success());
            if !stopped {
                kill_from_pid_file(&self.nodes[i].dir.join("pid"));
            }
        }
    }
}

fn kill_from_pid_file(path: &Path) {
    if let Ok(pid) = std::fs::read_to_string(path) {
        let _ = Command::new("kill").arg("-KILL").arg(pid.trim()).status();
    }
}

/// A throwaway certificate authority and a server certificate for `localhost` and 127.0.0.1
/// it signed, made with openssl(1) in `dir`.
pub fn make_tls_files(dir: &Path, tag: &str) -> TlsFiles {
    let ca = dir.join(format!("{tag}-ca.pem"));
    let ca_key = dir.join(format!("{tag}-ca.key"));
    let key = dir.join(format!("{tag}-server.key"));
    let csr = dir.join(format!("{tag}-server.csr"));
    let cert = dir.join(format!("{tag}-server.pem"));
    let ext = dir.join(format!("{tag}-server.ext"));
    if let Err(e) = std::fs::write(
        &ext,
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    ) {
        panic!("cannot write {}: {e}", ext.display());
    }
    let p = |p: &PathBuf| p.display().to_string();
    let steps: Vec<Vec<String>> = vec![
        vec![
            "req".into(),
            "-x509".into(),
            "-newkey".into(),
            "rsa:2048".into(),
            "-nodes".into(),
            "-days".into(),
            "2".into(),
            "-subj".into(),
            format!("/CN=news-enricher test CA {tag}"),
            "-keyout".into(),
            p(&ca_key),
            "-out".into(),
            p(&ca),
        ],
        vec![
            "req".into(),
            "-newkey".into(),
            "rsa:2048".into(),
            "-nodes".into(),
            "-subj".into(),
            "/CN=localhost".into(),
            "-keyout".into(),
            p(&key),
            "-out".into(),
            p(&csr),
        ],
        vec![
            "x509".into(),
            "-req".into(),
            "-in".into(),
            p(&csr),
            "-CA".into(),
            p(&ca),
            "-CAkey".into(),
            p(&ca_key),
            "-CAcreateserial".into(),
            "-days".into(),
            "2".into(),
            "-extfile".into(),
            p(&ext),
            "-out".into(),
            p(&cert),
        ],
    ];
    for args in steps {
        let out = Command::new("openssl").args(&args).output();
        if !matches!(&out, Ok(o) if o.status.success()) {
            fail(&format!("openssl {}", args[0]), &out);
        }
    }
    TlsFiles { ca, cert, key }
}
