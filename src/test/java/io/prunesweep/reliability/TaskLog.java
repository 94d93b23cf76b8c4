package io.prunesweep.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Every task start and end the driver's scheduler reports, so a test can name a task that is running on an
 * executor right now and later read how each attempt ended (Success, ExecutorLostFailure, …).
 */
final class TaskLog extends SparkListener {
    /** A task attempt as launched. */
    record Start(long taskId, int stage, int index, int attempt, String executor, long launchTime) {
    }

    /** How a task attempt ended; {@code reason} is Spark's own object ({@code Success$} or a failure). */
    record End(long taskId, int stage, int index, int attempt, String executor, TaskEndReason reason) {
        @Override
        public String toString() {
            String why = reason instanceof TaskFailedReason f ? f.toErrorString() : String.valueOf(reason);
            return "task " + taskId + " stage " + stage + " index " + index + " attempt " + attempt + " on executor "
                    + executor + ": " + why;
        }
    }

    private final Map<Long, Start> starts = new LinkedHashMap<>();
    private final List<End> ends = new ArrayList<>();

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart e) {
        TaskInfo t = e.taskInfo();
        starts.put(t.taskId(), new Start(t.taskId(), e.stageId(), t.index(), t.attemptNumber(), t.executorId(),
                t.launchTime()));
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd e) {
        TaskInfo t = e.taskInfo();
        ends.add(new End(t.taskId(), e.stageId(), t.index(), t.attemptNumber(), t.executorId(), e.reason()));
    }

    /** The longest-running attempt launched at or before {@code launchedBy} (epoch ms) that has not ended. */
    synchronized Optional<Start> runningSince(long launchedBy) {
        return starts.values().stream()
                .filter(s -> s.launchTime() <= launchedBy && ends.stream().noneMatch(e -> e.taskId() == s.taskId()))
                .min(Comparator.comparingLong(Start::launchTime));
    }

    synchronized List<End> ends() {
        return List.copyOf(ends);
    }

    @Override
    public synchronized String toString() {
        return "starts " + starts.values() + ", ends " + ends;
    }
}
