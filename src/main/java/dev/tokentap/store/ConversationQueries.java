package dev.tokentap.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads of conversations and cache misses, over the partial indexes of schema step 5 ({@code
 * exchanges_conversation}, {@code exchanges_cache_miss}). A file of an older schema has no
 * conversations: these then read nothing.
 */
final class ConversationQueries {

  /** A conversation has at most this many turns read. */
  static final int MAX_TURNS = 10_000;

  private ConversationQueries() {}

  /**
   * The flagged turns {@code f} takes, and the prompt tokens they cost; {@code index}: the search
   * index, or null ({@link ExchangeFilter#where(String)}).
   */
  static CacheMissStats cacheMisses(Connection c, ExchangeFilter f, String index)
      throws SQLException {
    if (Migrations.userVersion(c) < 5) {
      return CacheMissStats.NONE;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*), coalesce(sum(cache_lost_tokens), 0) FROM exchanges"
                + " WHERE cache_miss <> '' AND "
                + f.where(index))) {
      f.bind(ps, 1, index);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new CacheMissStats(rs.getLong(1), rs.getLong(2)) : CacheMissStats.NONE;
      }
    }
  }

  /**
   * The newest turn of each conversation continued since {@code sinceMs}, at most {@code limit} of
   * them (the most recently continued), oldest first: what a new tracker is seeded with.
   */
  static List<StoredExchange> newestTurns(Connection c, String select, long sinceMs, int limit)
      throws SQLException {
    List<StoredExchange> out = new ArrayList<>();
    if (Migrations.userVersion(c) < 5) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            select
                + " WHERE id IN (SELECT id FROM (SELECT max(id) AS id FROM exchanges"
                + " WHERE conversation_id <> '' AND started_at >= ? GROUP BY conversation_id"
                + " ORDER BY id DESC LIMIT ?)) ORDER BY id")) {
      ps.setLong(1, sinceMs);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(ExchangeRows.read(rs));
        }
      }
    }
    return out;
  }

  /** The turns of conversation {@code id}, in turn order; empty for "" (no conversation). */
  static List<StoredExchange> turns(Connection c, String select, String id) throws SQLException {
    List<StoredExchange> out = new ArrayList<>();
    if (id == null || id.isEmpty() || Migrations.userVersion(c) < 5) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            select
                + " WHERE conversation_id = ? AND conversation_id <> '' ORDER BY turn, id LIMIT ?")) {
      ps.setString(1, id);
      ps.setInt(2, MAX_TURNS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(ExchangeRows.read(rs));
        }
      }
    }
    return out;
  }
}
