import { Body, Query, Type } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Page, PageRequest } from '../pagination/page';
import { IdParam } from './id-param.pipe';
import { PageQueryDto } from './page-query.dto';
import { Route, RouteSpec } from './route.decorator';

/** A collection's reads when every caller of its routes sees all of it (RecordReads): a page, one by id. */
export interface SharedReads<Row> {
  list(page: PageRequest): Promise<Page<Row>>;
  get(id: string): Promise<Row>;
}

/** A collection's reads when each caller sees only their part of it (ScopedRecordReads); outside it is 404. */
export interface CallerReads<Row> {
  list(actor: Actor, page: PageRequest): Promise<Page<Row>>;
  get(actor: Actor, id: string): Promise<Row>;
}

/** A collection's writes, each by the caller (who may be refused, and who is audited). */
export interface CollectionWrites<Row, Create, Change> {
  create(actor: Actor, input: Create): Promise<Row>;
  update(actor: Actor, id: string, input: Change): Promise<Row>;
  remove(actor: Actor, id: string): Promise<void>;
}

/** How a collection's reads are scoped: `shared`, everyone allowed on the route sees all; `caller`, their part. */
export type ReadScope = 'shared' | 'caller';

/** What the service of a collection offers its five routes. */
export type CollectionService<R extends ReadScope, Row, Create, Change> = (R extends 'caller'
  ? CallerReads<Row>
  : SharedReads<Row>) &
  CollectionWrites<Row, Create, Change>;

/** The documentation of a collection's five routes, and its request bodies. */
export interface CollectionDocs<Body, Create, Change> {
  list: RouteSpec;
  get: RouteSpec;
  /** `input`: what the service creates from the request's body, where it is not the body as it is */
  create: RouteSpec & { body: Type<Body>; input?: (body: Body) => Create };
  update: RouteSpec & { body: Type<Change> };
  remove: RouteSpec;
}

/** The handler's parameters, as the ones the decorators would have read from a written-out method. */
const PARAM_TYPES = 'design:paramtypes';

type Handler = (...args: never[]) => unknown;

/** Decorates a handler of `target` as a written-out one would be: its route, its parameters and their types. */
function declare(
  target: object,
  key: string,
  route: MethodDecorator,
  params: [ParameterDecorator, Type<unknown>][],
): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key) as TypedPropertyDescriptor<Handler>;
  params.forEach(([decorate], index) => decorate(target, key, index));
  Reflect.defineMetadata(
    PARAM_TYPES,
    params.map(([, type]) => type),
    target,
    key,
  );
  route(target, key, descriptor);
}

/**
 * The five routes of a collection: `GET ''` (a page), `GET ':id'`, `POST ''` (201), `PATCH ':id'`, `DELETE ':id'`
 * (204), in that order, each calling the same-named method of the service and answering through `toResponse`.
 * Writes always pass the caller; reads pass it where each caller sees only their part (`reads: 'caller'`).
 * `resource` names the resource in a 404 for an id that is not a UUID ("View" → `View not found`); `response`
 * documents the answer, `toResponse` makes it of the service's row.
 */
function collectionRoutes<R extends ReadScope, Row, Res, Body, Create, Change>(
  reads: R,
  resource: string,
  response: Type<Res>,
  toResponse: (row: Row) => Res,
  spec: CollectionDocs<Body, Create, Change>,
) {
  const inputOf = spec.create.input ?? ((body: Body) => body as unknown as Create);

  abstract class Collection {
    constructor(protected readonly service: CollectionService<R, Row, Create, Change>) {}

    async list(actor: Actor, page: PageQueryDto): Promise<Page<Res>> {
      const rows =
        reads === 'caller'
          ? await (this.service as CallerReads<Row>).list(actor, page)
          : await (this.service as SharedReads<Row>).list(page);
      return rows.map(toResponse);
    }

    async get(actor: Actor, id: string): Promise<Res> {
      const row =
        reads === 'caller'
          ? await (this.service as CallerReads<Row>).get(actor, id)
          : await (this.service as SharedReads<Row>).get(id);
      return toResponse(row);
    }

    async create(actor: Actor, body: Body): Promise<Res> {
      return toResponse(await this.service.create(actor, inputOf(body)));
    }

    async update(actor: Actor, id: string, body: Change): Promise<Res> {
      return toResponse(await this.service.update(actor, id, body));
    }

    async remove(actor: Actor, id: string): Promise<void> {
      await this.service.remove(actor, id);
    }
  }

  const routes = Collection.prototype;
  const caller: [ParameterDecorator, Type<unknown>] = [CurrentActor(), Object];
  const id: [ParameterDecorator, Type<unknown>] = [IdParam(resource), String];
  declare(routes, 'list', Route.list('', response, spec.list), [caller, [Query(), PageQueryDto]]);
  declare(routes, 'get', Route.one(':id', response, spec.get), [caller, id]);
  declare(routes, 'create', Route.create('', response, spec.create), [caller, [Body(), spec.create.body]]);
  declare(routes, 'update', Route.patch(':id', response, spec.update), [
    caller,
    id,
    [Body(), spec.update.body],
  ]);
  declare(routes, 'remove', Route.remove(':id', spec.remove), [caller, id]);
  return Collection;
}

/** Collections whose reads are scoped as `reads` says: the routes of one, from its answer and its docs. */
const collectionsReading =
  <R extends ReadScope>(reads: R) =>
  <Row, Res, Body, Create = Body, Change = unknown>(
    resource: string,
    response: Type<Res>,
    toResponse: (row: Row) => Res,
    docs: CollectionDocs<Body, Create, Change>,
  ) =>
    collectionRoutes(reads, resource, response, toResponse, docs);

/**
 * A collection whose every caller sees their own part of it (saved views, macros): its reads take the caller.
 * A controller extends it, passes its service to `super`, and may add routes of its own:
 *
 *     @Resource('views', 'views', 'signed-in')
 *     export class ViewsController extends CallerCollection('View', ViewResponseDto, toViewResponse, { list: … }) {
 *       constructor(views: SavedViewsService) { super(views); }
 *     }
 */
export const CallerCollection = collectionsReading('caller');

/** A collection that whoever may call its routes sees all of (notification rules, mailboxes, ticket templates). */
export const SharedCollection = collectionsReading('shared');
