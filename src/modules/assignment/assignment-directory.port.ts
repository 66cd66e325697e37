import { AssigneeFacts, TeamFacts } from './domain/assignment-eligibility';
import { RoundRobinPool } from './domain/round-robin';

/** What assignment needs to know about staff, teams and departments; reads join the caller's transaction. */
export abstract class AssignmentDirectory {
  /** the user with their staff placement (department/team null without a staff profile), or null */
  abstract assignee(userId: string): Promise<AssigneeFacts | null>;
  /** an active team, or null */
  abstract activeTeam(teamId: string): Promise<TeamFacts | null>;
  /** whether the department is active and round-robins its new tickets */
  abstract autoAssigns(departmentId: string): Promise<boolean>;
  /** ids of the pool's available, active AGENTs (team leads take no round-robin work) */
  abstract availableAgents(pool: RoundRobinPool): Promise<string[]>;
  /** of the same agents, the one with the fewest open tickets (ties by id), or null when there is none */
  abstract leastLoadedAgent(pool: RoundRobinPool): Promise<string | null>;
}
