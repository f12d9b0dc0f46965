package dev.pitr.internal.drill.clone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every PostgreSQL parameter that names a command, a file, a library, a host or a peer (every
 * {@code STRING} parameter of PostgreSQL 15 to 18, and the other parameters that reach outside a
 * server), with what the drill does about it in its clone and why. The group "neutralised commands and
 * outside reach" writes the {@link Treatment#NEUTRALISED} values; the other groups own the rest.
 * {@code ParameterReviewTest} fails when the installed server has a parameter of that kind this review
 * does not cover, and docs/restore-drills.md lists the same table.
 */
public final class ParameterReview {
    /** What the drill does with a parameter. */
    public enum Treatment {
        /** set to the harmless value given here */
        NEUTRALISED,
        /** set by the isolation group to the clone's own (port, socket, pg_hba, ...) */
        ISOLATED,
        /** set by the recovery group: pitr's own restore_command and targets, never production's */
        RECOVERY,
        /** production's value, with the entries that reach outside removed */
        FILTERED,
        /** commented out of the restored configuration files (no later line can override it) */
        DISABLED_IN_FILE,
        /** sized for the drill host by the memory group */
        MEMORY,
        /** production's value is kept: it reaches nothing outside the clone */
        KEPT
    }

    /** One reviewed parameter. {@code value} is what NEUTRALISED parameters are set to. */
    public record Review(String name, Treatment treatment, Optional<String> value, String why) {
    }

    private static final Map<String, Review> REVIEWS = new LinkedHashMap<>();

    static {
        // Commands and modules that run on production's behalf.
        neutral("archive_mode", "off", "archiving would push the clone's WAL into production's repository "
                + "(pgBackRest's restore sets it off too)");
        neutral("archive_command", "''", "production's archive command (archive-push into production's repository)");
        neutral("archive_library", "''", "a module that archives WAL (PostgreSQL 15+)");
        neutral("archive_cleanup_command", "''", "a shell command run at every restart point: production's deletes WAL "
                + "from a standby's archive");
        neutral("recovery_end_command", "''", "a shell command run once at the end of recovery");
        neutral("ssl_passphrase_command", "''", "a command that unlocks production's server key");
        neutral("ssl", "off", "the clone has no TCP listener; production's certificate, key and CRL files "
                + "(ssl_*_file, ssl_crl_dir) are then never read");
        // Peers: primaries, standbys and their slots.
        neutral("primary_conninfo", "''", "a connection to production's primary");
        neutral("primary_slot_name", "''", "production's replication slot on that primary");
        neutral("sync_replication_slots", "off", "would synchronise slots from that primary (PostgreSQL 17+)");
        neutral("synchronous_standby_names", "''", "after promotion every commit would wait for production's "
                + "standbys, which never answer the clone");
        neutral("synchronized_standby_slots", "''", "logical senders would wait for production's standby slots "
                + "(PostgreSQL 17+)");
        neutral("promote_trigger_file", "''", "a file outside the clone whose appearance promotes it "
                + "(PostgreSQL 15 and older)");
        // Libraries loaded into every session, files and services outside the clone.
        neutral("local_preload_libraries", "''", "site libraries loaded into every session (audit, auth hooks): the "
                + "drill's checks need none, and one missing on the drill host refuses every connection");
        neutral("session_preload_libraries", "''", "the same, for superuser-chosen libraries");
        neutral("log_destination", "'stderr'", "syslog or eventlog would put the clone's log into production's log "
                + "pipeline; the drill reads its log from <scratch>/server.log");
        neutral("logging_collector", "off", "the log goes to <scratch>/server.log, so log_directory and log_filename "
                + "(perhaps outside the clone) are never used");
        neutral("bonjour", "off", "advertises the server on the network (Zeroconf)");
        neutral("bonjour_name", "''", "the name it would advertise");

        for (String p : List.of("port", "listen_addresses", "unix_socket_directories", "unix_socket_group",
                "unix_socket_permissions", "hba_file", "ident_file", "cluster_name", "hot_standby")) {
            review(p, Treatment.ISOLATED, "the clone's own: a socket in <scratch>/sock (no TCP), a drill-only "
                    + "pg_hba.conf and pg_ident.conf, cluster_name pitr-drill, readable during recovery");
        }
        for (String p : List.of("restore_command", "recovery_target", "recovery_target_lsn", "recovery_target_name",
                "recovery_target_time", "recovery_target_xid", "recovery_target_action", "recovery_target_inclusive",
                "recovery_target_timeline", "recovery_min_apply_delay")) {
            review(p, Treatment.RECOVERY, "pitr's own: pgBackRest's archive-get with the drill's configuration and the "
                    + "drill's target; a target, command or apply delay left in production's files is reset");
        }
        review("external_pid_file", Treatment.ISOLATED, "<scratch>/postmaster.external.pid: production's is a file "
                + "outside the clone (Debian: /var/run/postgresql/<version>-main.pid)");
        review("shared_preload_libraries", Treatment.FILTERED, "kept, so extensions whose data types need them "
                + "(timescaledb, pg_stat_statements, ...) work; pg_cron, pg_net and pglogical are removed: their "
                + "background workers would run production's jobs, send HTTP requests or connect to providers");
        review("data_directory", Treatment.DISABLED_IN_FILE, "read before postgresql.auto.conf: the clone would run on "
                + "the directory it names (production's) and read production's auto file");
        review("config_file", Treatment.DISABLED_IN_FILE, "names another configuration file");
        for (String p : List.of("huge_pages", "shared_buffers", "wal_buffers", "min_dynamic_shared_memory", "work_mem",
                "maintenance_work_mem", "autovacuum_work_mem")) {
            review(p, Treatment.MEMORY, "sized for the drill host's memory budget; huge_pages off so the clone never "
                    + "takes huge pages a production server on the same host reserved");
        }

        kept("Settings of the clone's own sessions and files only",
                "client_encoding", "createrole_self_grant", "datestyle", "default_table_access_method",
                "default_text_search_config", "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "search_path",
                "timezone", "timezone_abbreviations", "log_line_prefix", "log_timezone", "log_connections",
                "restrict_nonsystem_relation_kind", "debug_io_direct", "stats_temp_directory");
        kept("Tablespaces: restored below <scratch>/tablespaces (--tablespace-map-all), inside the clone",
                "default_tablespace", "temp_tablespaces");
        kept("Code of the drill host's own installation, needed to load the extensions the drill checks",
                "dynamic_library_path", "extension_destdir", "extension_control_path", "jit_provider");
        kept("Only used by replication or authentication the clone never offers (no TCP, pg_hba trusts one local "
                + "role)", "output_plugin_libraries", "oauth_validator_libraries", "krb_server_keyfile");
        kept("Only read with ssl on, which the drill sets off", "ssl_ca_file", "ssl_cert_file", "ssl_key_file",
                "ssl_crl_file", "ssl_crl_dir", "ssl_dh_params_file", "ssl_ciphers", "ssl_tls13_ciphers",
                "ssl_ecdh_curve", "ssl_groups");
        kept("Only used with logging_collector on or log_destination syslog/eventlog, which the drill sets off",
                "log_directory", "log_filename", "syslog_ident", "event_source");
    }

    private ParameterReview() {
    }

    /** The review of a parameter, by its name in any case. */
    public static Optional<Review> of(String name) {
        return Optional.ofNullable(REVIEWS.get(name.toLowerCase(Locale.ROOT)));
    }

    public static List<Review> all() {
        return List.copyOf(REVIEWS.values());
    }

    /** The neutralised parameters and their values, in review order. */
    static Map<String, String> neutralised() {
        Map<String, String> out = new LinkedHashMap<>();
        REVIEWS.values().stream().filter(r -> r.treatment() == Treatment.NEUTRALISED)
                .forEach(r -> out.put(r.name(), r.value().orElseThrow()));
        return out;
    }

    private static void neutral(String name, String value, String why) {
        REVIEWS.put(name, new Review(name, Treatment.NEUTRALISED, Optional.of(value), why));
    }

    private static void review(String name, Treatment treatment, String why) {
        REVIEWS.put(name, new Review(name, treatment, Optional.empty(), why));
    }

    private static void kept(String why, String... names) {
        for (String n : names) {
            review(n, Treatment.KEPT, why);
        }
    }
}
