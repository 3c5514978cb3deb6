/** `gan-lens vectors <sub>`: one file per subcommand; this one dispatches. */
import type { CliCommand } from '../../command';
import { badInput } from '../../../util/errors';
import { parse, usage } from './shared';
import { sample } from './sample';
import { visualize } from './visualize';
import { rank } from './rank';
import { pick } from './pick';
import { appendix } from './appendix';
import { starter } from './starter';
import { list } from './list';
import { edit } from './edit';

export const vectorsCommand: CliCommand = {
  name: 'vectors',
  summary: 'Activation vectors: sample, visualise, rank by tileability, the appendix experiment, the vector library',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values } = parse(rest);
    switch (sub) {
      case 'sample':
        return sample(values, io);
      case 'visualize':
      case 'visualise':
        return visualize(values, io);
      case 'rank':
        return rank(values, io);
      case 'pick':
        return pick(values, io);
      case 'appendix':
        return appendix(values, io);
      case 'starter':
        return starter(values, io);
      case 'list':
        return list(values, io);
      case 'rename':
      case 'tag':
      case 'remove':
        return edit(sub, values, io);
      default:
        throw badInput(`vectors: unknown subcommand '${sub ?? ''}'.`, { hint: 'One of sample, visualize, rank, pick, starter, appendix, list, rename, tag, remove (`gan-lens vectors --help`).' });
    }
  },
};
