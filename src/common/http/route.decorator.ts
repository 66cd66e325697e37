import { applyDecorators, Controller, Delete, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Role } from '../auth/role';
import { Authenticated, Roles } from '../auth/roles.decorator';
import {
  ApiAccepted,
  ApiCreated,
  ApiList,
  ApiNoContent,
  ApiOne,
  ApiRoute,
  RouteDocs,
} from './api-route.decorator';

/** Who may call a route: these roles (others 403), or anyone signed in; left out, the controller's own says. */
export type RouteAccess = readonly [Role, ...Role[]] | 'signed-in';

/** A route's documentation (see RouteDocs) and, where the route differs from its controller, who may call it. */
export interface RouteSpec extends RouteDocs {
  access?: RouteAccess;
  /** of a route answering 204: what happened ("Deactivated"…; a removal's default: "Deleted") */
  outcome?: string;
}

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const VERBS: Record<Verb, (path?: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

const DEFAULT_STATUS: Record<Verb, number> = { GET: 200, POST: 201, PUT: 200, PATCH: 200, DELETE: 200 };

const accessOf = (access: RouteAccess | undefined): (MethodDecorator & ClassDecorator)[] => {
  if (access === undefined) return [];
  if (access === 'signed-in') return [Authenticated()];
  const [first, ...rest] = access;
  return [Roles(first, ...rest)];
};

/** `swagger/apiResponse`: where @nestjs/swagger keeps a method's documented responses by status. */
const API_RESPONSES = 'swagger/apiResponse';

/**
 * The OpenAPI build plugin documents a success answer it guesses from the `@Post`/`@HttpCode` it reads in the
 * source (200 when it reads none). A route declared here says its status itself, so any other success answer on
 * it is such a guess and is dropped: the document then says what the route really answers.
 */
const onlySuccess =
  (status: number): MethodDecorator =>
  (_target, _key, descriptor) => {
    const responses = Reflect.getMetadata(API_RESPONSES, descriptor.value as object) as
      Record<string, unknown> | undefined;
    if (!responses) return;
    const kept = Object.entries(responses).filter(([s]) => !(Number(s) < 400) || Number(s) === status);
    Reflect.defineMetadata(API_RESPONSES, Object.fromEntries(kept), descriptor.value as object);
  };

/**
 * One route in one decorator: its verb and path, its status (HttpCode where it is not the verb's own), its
 * documentation and, optionally, who may call it. `status` is the one the documentation decorator documents.
 */
const routeOf = (
  verb: Verb,
  path: string,
  status: number,
  docs: MethodDecorator,
  access?: RouteAccess,
): MethodDecorator =>
  applyDecorators(
    VERBS[verb](path),
    ...(status === DEFAULT_STATUS[verb] ? [] : [HttpCode(status)]),
    docs,
    ...accessOf(access),
    onlySuccess(status),
  );

/** A kind of route: its verb, its status and the decorator documenting its answer `model`. */
const kind =
  <M>(verb: Verb, status: number, docsOf: (model: M, spec: RouteSpec) => MethodDecorator) =>
  (path: string, model: M, spec: RouteSpec): MethodDecorator =>
    routeOf(verb, path, status, docsOf(model, spec), spec.access);

/** A route answering 204 with no body (ApiNoContent): `outcome` says what happened ("Deactivated"…). */
const noContent = (verb: Verb, path: string, spec: RouteSpec, outcome = spec.outcome): MethodDecorator =>
  routeOf(verb, path, 204, ApiNoContent(spec, outcome), spec.access);

/**
 * Composed route decorators: `@Route.patch(':id', TicketResponseDto, { summary, errors, access: STAFF })` is
 * `@Patch(':id')` + `@Roles(...STAFF)` + `@ApiOne(TicketResponseDto, { summary, errors })`. Each keeps the status
 * and the documentation of the decorators it stands for (api-route.decorator.ts); `of` takes any documentation.
 */
export const Route = {
  /** GET a page of `model` (ApiList) */
  list: kind('GET', 200, ApiList),
  /** GET an answer (ApiRoute) */
  get: kind('GET', 200, ApiRoute),
  /** GET one resource, or 404 (ApiOne) */
  one: kind('GET', 200, ApiOne),
  /** POST that creates: 201 (ApiCreated) */
  create: kind('POST', 201, ApiCreated),
  /** POST that acts and answers 200 (ApiRoute; with `notFound: ''` for the resource's own 404) */
  post: kind('POST', 200, ApiRoute),
  /** POST of work accepted for later: 202 (ApiAccepted) */
  accept: kind('POST', 202, ApiAccepted),
  /** PATCH one resource, or 404 (ApiOne) */
  patch: kind('PATCH', 200, ApiOne),
  /** PUT one resource, or 404 (ApiOne) */
  put: kind('PUT', 200, ApiOne),
  /** DELETE one resource: 204 ("Deleted" unless `outcome` says otherwise), or 404 */
  remove: (path: string, spec: RouteSpec): MethodDecorator =>
    noContent('DELETE', path, { ...spec, notFound: spec.notFound ?? '' }, spec.outcome ?? 'Deleted'),
  /** any verb answering 204 with no body (ApiNoContent) */
  noContent,
  /** any other route: its verb, path and status, the decorator documenting it, and who may call it */
  of: routeOf,
};

/**
 * A controller in one decorator: `@Resource('macros', 'macros', STAFF)` is `@ApiTags('macros')` +
 * `@Roles(...STAFF)` + `@Controller('macros')`. `path` left out (or `''`): the routes name their whole path.
 */
export const Resource = (tag: string, path?: string, access?: RouteAccess): ClassDecorator =>
  applyDecorators(path ? Controller(path) : Controller(), ...accessOf(access), ApiTags(tag));
