package dev.drydock.build;

import dev.drydock.engine.EngineException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parsed Dockerfile split as the classic builder runs it: the ARGs before the first FROM, then the stages
 * up to the target, with the {@code labels} option appended to the last stage as one LABEL step per label.
 */
record BuildPlan(List<Instruction> metaArgs, List<Stage> stages, char escape) {
    /** One stage: its FROM and its commands. */
    record Stage(Instruction from, String name, List<Instruction> commands) {
    }

    /** The number of steps the output counts ({@code Step n/TOTAL}). */
    int totalSteps() {
        int n = metaArgs.size() + stages.size();
        for (Stage s : stages) {
            n += s.commands().size();
        }
        return n;
    }

    static BuildPlan of(DockerfileParser.Dockerfile df, String target, Map<String, String> labels) {
        List<Instruction> meta = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        for (Instruction in : df.instructions()) {
            if (in.keyword().equals("FROM")) {
                current = new ArrayList<>();
                String name = in.args().size() == 3 ? in.args().get(2).toLowerCase(Locale.ROOT) : null;
                stages.add(new Stage(in, name, current));
            } else if (current == null) {
                if (!in.keyword().equals("ARG")) {
                    throw EngineException.badRequest("no build stage in current context");
                }
                meta.add(in);
            } else {
                current.add(in);
            }
        }
        if (stages.isEmpty()) {
            throw EngineException.badRequest(DockerfileException.syntax("file with no instructions").getMessage());
        }
        if (target != null) {
            int ix = -1;
            for (int i = 0; i < stages.size(); i++) {
                if (target.equalsIgnoreCase(stages.get(i).name() == null ? "" : stages.get(i).name())) {
                    ix = i;
                    break;
                }
            }
            if (ix < 0) {
                throw EngineException.badRequest("failed to reach build target " + target + " in Dockerfile");
            }
            stages = new ArrayList<>(stages.subList(0, ix + 1));
        }
        if (!labels.isEmpty()) {
            Stage last = stages.get(stages.size() - 1);
            List<Instruction> cmds = new ArrayList<>(last.commands());
            for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
                cmds.add(new Instruction("LABEL", Map.of(), List.of(e.getKey(), e.getValue()), false,
                        "LABEL " + e.getKey() + "=" + e.getValue(), 0, null));
            }
            stages.set(stages.size() - 1, new Stage(last.from(), last.name(), cmds));
        }
        return new BuildPlan(meta, stages, df.escape());
    }
}
