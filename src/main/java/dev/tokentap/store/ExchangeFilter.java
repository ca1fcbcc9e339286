package dev.tokentap.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which exchanges a read takes: started at or after {@code since}, before {@code until}, and of one
 * {@code model}. A null bound is no bound. Turned into a SQL {@code WHERE} with bound parameters,
 * never with the values spliced into the text.
 */
public record ExchangeFilter(Instant since, Instant until, String model) {

  /** Every exchange. */
  public static final ExchangeFilter ALL = new ExchangeFilter(null, null, null);

  /** The condition, {@code "1"} when there is none; bind with {@link #bind}. */
  String where() {
    List<String> terms = new ArrayList<>();
    if (since != null) {
      terms.add("started_at >= ?");
    }
    if (until != null) {
      terms.add("started_at < ?");
    }
    if (model != null) {
      terms.add("model = ?");
    }
    return terms.isEmpty() ? "1" : String.join(" AND ", terms);
  }

  /** Binds the parameters of {@link #where()} from index {@code first}; returns the next index. */
  int bind(PreparedStatement ps, int first) throws SQLException {
    int i = first;
    if (since != null) {
      ps.setLong(i++, since.toEpochMilli());
    }
    if (until != null) {
      ps.setLong(i++, until.toEpochMilli());
    }
    if (model != null) {
      ps.setString(i++, model);
    }
    return i;
  }
}
